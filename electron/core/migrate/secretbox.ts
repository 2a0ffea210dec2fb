import { timingSafeEqual } from 'node:crypto';

/**
 * NaCl crypto_secretbox (XSalsa20-Poly1305), the cipher of cosign's encrypted keys. node:crypto has no Salsa20
 * and no package here provides it, so this is a small direct implementation of Bernstein's specifications
 * ("Extending the Salsa20 nonce", "The Poly1305-AES message-authentication code"), checked against NaCl's own
 * secretbox test vector. Inputs are key files (a few KiB), so clarity wins over speed: Poly1305 uses BigInt.
 */

export const SECRETBOX_KEY_BYTES = 32;
export const SECRETBOX_NONCE_BYTES = 24;
export const SECRETBOX_TAG_BYTES = 16;

const SIGMA = [0x61707865, 0x3320646e, 0x79622d32, 0x6b206574]; // "expand 32-byte k"

const rotl = (v: number, n: number) => (v << n) | (v >>> (32 - n));

/** The 20-round Salsa20 permutation, in place (column rounds then row rounds, ten times). */
function rounds(x: Uint32Array): void {
  const qr = (a: number, b: number, c: number, d: number) => {
    const w = (i: number) => x[i]!;
    x[b] = w(b) ^ rotl((w(a) + w(d)) | 0, 7);
    x[c] = w(c) ^ rotl((w(b) + w(a)) | 0, 9);
    x[d] = w(d) ^ rotl((w(c) + w(b)) | 0, 13);
    x[a] = w(a) ^ rotl((w(d) + w(c)) | 0, 18);
  };
  for (let i = 0; i < 10; i++) {
    qr(0, 4, 8, 12); qr(5, 9, 13, 1); qr(10, 14, 2, 6); qr(15, 3, 7, 11);
    qr(0, 1, 2, 3); qr(5, 6, 7, 4); qr(10, 11, 8, 9); qr(15, 12, 13, 14);
  }
}

/** Initial state: constants on the diagonal, key in 1-4 and 11-14, the 16 input bytes in 6-9. */
function state(key: Buffer, input16: Buffer): Uint32Array {
  const s = new Uint32Array(16);
  [s[0], s[5], s[10], s[15]] = SIGMA as [number, number, number, number];
  for (let i = 0; i < 4; i++) {
    s[1 + i] = key.readUInt32LE(4 * i);
    s[11 + i] = key.readUInt32LE(16 + 4 * i);
    s[6 + i] = input16.readUInt32LE(4 * i);
  }
  return s;
}

/** HSalsa20: the subkey XSalsa20 derives from the key and the first 16 nonce bytes. */
export function hsalsa20(key: Buffer, nonce16: Buffer): Buffer {
  const x = state(key, nonce16);
  rounds(x);
  const out = Buffer.alloc(32);
  [0, 5, 10, 15, 6, 7, 8, 9].forEach((w, i) => out.writeUInt32LE(x[w]!, 4 * i));
  x.fill(0);
  return out;
}

/** XSalsa20 keystream XORed into `data` (a copy), block counter from 0. */
export function xsalsa20Xor(key: Buffer, nonce: Buffer, data: Buffer): Buffer {
  const subkey = hsalsa20(key, nonce.subarray(0, 16));
  const input = Buffer.alloc(16);
  nonce.copy(input, 0, 16, 24);
  const out = Buffer.from(data);
  const block = Buffer.alloc(64);
  for (let offset = 0, counter = 0n; offset < out.length; offset += 64, counter++) {
    input.writeBigUInt64LE(counter, 8);
    const s = state(subkey, input);
    const x = Uint32Array.from(s);
    rounds(x);
    for (let i = 0; i < 16; i++) block.writeUInt32LE((x[i]! + s[i]!) >>> 0, 4 * i);
    for (let i = 0; i < 64 && offset + i < out.length; i++) out[offset + i] = out[offset + i]! ^ block[i]!;
    s.fill(0);
    x.fill(0);
  }
  subkey.fill(0);
  block.fill(0);
  return out;
}

const P1305 = (1n << 130n) - 5n;
const leBig = (b: Buffer) => BigInt(`0x${Buffer.from(b).reverse().toString('hex') || '0'}`);

/** One-time Poly1305 authenticator of `msg` under a 32-byte key (r clamped, s added at the end). */
export function poly1305(key: Buffer, msg: Buffer): Buffer {
  const r = leBig(key.subarray(0, 16)) & 0x0ffffffc0ffffffc0ffffffc0fffffffn;
  const s = leBig(key.subarray(16, 32));
  let acc = 0n;
  for (let i = 0; i < msg.length; i += 16) {
    const chunk = msg.subarray(i, i + 16);
    acc = ((acc + leBig(chunk) + (1n << BigInt(8 * chunk.length))) * r) % P1305;
  }
  const tag = (acc + s) & ((1n << 128n) - 1n);
  return Buffer.from(tag.toString(16).padStart(32, '0'), 'hex').reverse();
}

function checkSizes(key: Buffer, nonce: Buffer): void {
  if (key.length !== SECRETBOX_KEY_BYTES) throw new RangeError(`secretbox key must be ${SECRETBOX_KEY_BYTES} bytes`);
  if (nonce.length !== SECRETBOX_NONCE_BYTES) throw new RangeError(`secretbox nonce must be ${SECRETBOX_NONCE_BYTES} bytes`);
}

/** secretbox.Seal as Go's x/crypto writes it: tag(16) || ciphertext. */
export function secretboxSeal(plain: Buffer, nonce: Buffer, key: Buffer): Buffer {
  checkSizes(key, nonce);
  // The first 32 keystream bytes are the Poly1305 key; the message is encrypted with the stream after them.
  const stream = xsalsa20Xor(key, nonce, Buffer.concat([Buffer.alloc(32), plain]));
  const polyKey = stream.subarray(0, 32);
  const cipher = Buffer.from(stream.subarray(32));
  const tag = poly1305(polyKey, cipher);
  stream.fill(0);
  return Buffer.concat([tag, cipher]);
}

/** secretbox.Open: the plaintext, or null when the tag does not authenticate (wrong key or altered bytes). */
export function secretboxOpen(box: Buffer, nonce: Buffer, key: Buffer): Buffer | null {
  checkSizes(key, nonce);
  if (box.length < SECRETBOX_TAG_BYTES) return null;
  const tag = box.subarray(0, SECRETBOX_TAG_BYTES);
  const cipher = box.subarray(SECRETBOX_TAG_BYTES);
  const polyKey = xsalsa20Xor(key, nonce, Buffer.alloc(32));
  const ok = timingSafeEqual(poly1305(polyKey, cipher), tag);
  polyKey.fill(0);
  if (!ok) return null;
  const stream = xsalsa20Xor(key, nonce, Buffer.concat([Buffer.alloc(32), cipher]));
  const plain = Buffer.from(stream.subarray(32));
  stream.fill(0);
  return plain;
}
