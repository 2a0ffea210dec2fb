import { DerError } from './errors';

/** The object identifiers the key codec speaks, by name, in dotted form. */
export const OID = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsassaPss: '1.2.840.113549.1.1.10',
  ecPublicKey: '1.2.840.10045.2.1',
  prime256v1: '1.2.840.10045.3.1.7',
  secp384r1: '1.3.132.0.34',
  secp521r1: '1.3.132.0.35',
  /** notary's (and old golang.org/x/crypto's) Ed25519 OID; not RFC 8410's. */
  ed25519Notary: '1.3.6.1.4.1.11591.15.1',
  ed25519: '1.3.101.112',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  hmacWithSHA1: '1.2.840.113549.2.7',
  hmacWithSHA224: '1.2.840.113549.2.8',
  hmacWithSHA256: '1.2.840.113549.2.9',
  hmacWithSHA384: '1.2.840.113549.2.10',
  hmacWithSHA512: '1.2.840.113549.2.11',
  aes128Cbc: '2.16.840.1.101.3.4.1.2',
  aes192Cbc: '2.16.840.1.101.3.4.1.22',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
  desEde3Cbc: '1.2.840.113549.3.7',
} as const;

export function encodeOid(dotted: string): Buffer {
  const arcs = dotted.split('.').map((s) => {
    if (!/^\d+$/.test(s)) throw new DerError(`bad OID ${dotted}`);
    return BigInt(s);
  });
  const [a, b] = arcs;
  if (a === undefined || b === undefined || a > 2n || (a < 2n && b > 39n)) throw new DerError(`bad OID ${dotted}`);
  const out: number[] = [];
  for (const arc of [a * 40n + b, ...arcs.slice(2)]) {
    const bytes = [Number(arc & 0x7fn)];
    for (let v = arc >> 7n; v > 0n; v >>= 7n) bytes.unshift(Number(v & 0x7fn) | 0x80);
    out.push(...bytes);
  }
  return Buffer.from(out);
}

export function decodeOid(content: Buffer): string {
  if (content.length === 0) throw new DerError('empty OBJECT IDENTIFIER');
  const arcs: bigint[] = [];
  let v = 0n;
  let fresh = true;
  for (const byte of content) {
    // A leading 0x80 would be a non-minimal arc encoding, which DER forbids.
    if (fresh && byte === 0x80) throw new DerError('non-minimal OBJECT IDENTIFIER arc');
    v = (v << 7n) | BigInt(byte & 0x7f);
    fresh = (byte & 0x80) === 0;
    if (fresh) {
      arcs.push(v);
      v = 0n;
    }
  }
  if (!fresh) throw new DerError('truncated OBJECT IDENTIFIER');
  const first = arcs.shift() as bigint;
  const head = first < 80n ? [first / 40n, first % 40n] : [2n, first - 80n];
  return [...head, ...arcs].join('.');
}
