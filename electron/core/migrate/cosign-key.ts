import { randomBytes, scryptSync } from 'node:crypto';
import { DerError } from '../der';
import { VaultError } from '../errors';
import { decodePem, encodePem } from '../keys/pem';
import { parsePrivateKeyInfo } from '../keys/pkcs8';
import { PrivateKey } from '../keys/private-key';
import { secretboxOpen, secretboxSeal, SECRETBOX_NONCE_BYTES } from './secretbox';
import { publicKeyPem, standardPkcs8 } from './standard-key';

/**
 * cosign's encrypted private key (sigstore/cosign pkg/cosign/keys.go): a PEM block whose bytes are the JSON of
 * go-securesystemslib's `encrypted` package: {"kdf":{"name":"scrypt","params":{"N","r","p"},"salt"},
 * "cipher":{"name":"nacl/secretbox","nonce"},"ciphertext"}, byte fields as padded standard base64 (Go []byte),
 * ciphertext = secretbox(PKCS#8 DER) under scrypt(passphrase, salt, 32 bytes).
 */

export const SIGSTORE_LABEL = 'ENCRYPTED SIGSTORE PRIVATE KEY';
/** The label cosign wrote before 2.0; older cosign releases read only this one. */
export const COSIGN_LABEL = 'ENCRYPTED COSIGN PRIVATE KEY';
export type CosignLabel = typeof SIGSTORE_LABEL | typeof COSIGN_LABEL;

/** What the writer uses: go-securesystemslib's legacy parameters, the only ones older readers accept. */
export const WRITE_PARAMS = { N: 32768, r: 8, p: 1 } as const;
/** What the reader accepts: the parameters cosign itself has written (N=65536 in newer releases). */
const READ_N = new Set([32768, 65536]);
const SALT_BYTES = 32;
const KEY_BYTES = 32;
const MAX_FILE = 64 * 1024;

export interface CosignKeyPair {
  /** The cosign.key text. */
  privatePem: string;
  /** The cosign.pub text. */
  publicPem: string;
}

const bad = (why: string) => new VaultError('BAD_KEY_FILE', `cosign key: ${why}`);

/** scrypt with node:crypto; its default maxmem (32 MiB) is below what N=32768, r=8 needs (128·N·r = 32 MiB + V). */
function deriveKey(passphrase: string, salt: Buffer, N: number, r: number, p: number): Buffer {
  return scryptSync(Buffer.from(passphrase, 'utf8'), salt, KEY_BYTES, { N, r, p, maxmem: 256 * N * r * p + 1024 * 1024 });
}

/** Encrypts a vault key as cosign.key + cosign.pub. The passphrase must not be empty (cosign allows it; we do not). */
export function writeCosignKey(key: PrivateKey, passphrase: string, label: CosignLabel = SIGSTORE_LABEL): CosignKeyPair {
  if (!passphrase) throw new VaultError('PASSPHRASE_REQUIRED', 'a passphrase for cosign.key is required');
  const salt = randomBytes(SALT_BYTES);
  const nonce = randomBytes(SECRETBOX_NONCE_BYTES);
  const { N, r, p } = WRITE_PARAMS;
  const boxKey = deriveKey(passphrase, salt, N, r, p);
  const plain = standardPkcs8(key);
  try {
    const ciphertext = secretboxSeal(plain, nonce, boxKey);
    // Field order as Go's encoding/json writes the structs (declaration order), so the file looks like cosign's.
    const json = JSON.stringify({
      kdf: { name: 'scrypt', params: { N, r, p }, salt: salt.toString('base64') },
      cipher: { name: 'nacl/secretbox', nonce: nonce.toString('base64') },
      ciphertext: ciphertext.toString('base64'),
    });
    const privatePem = encodePem({ type: label, headers: {}, bytes: Buffer.from(json, 'utf8') });
    // Read back what we wrote before anyone relies on it.
    const back = readCosignKey(privatePem, passphrase);
    const same = back.id === key.id;
    back.wipe();
    if (!same) throw new VaultError('INTERNAL', 'the cosign key written did not read back to the same key');
    return { privatePem, publicPem: publicKeyPem(key) };
  } finally {
    plain.fill(0);
    boxKey.fill(0);
  }
}

interface Envelope {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  nonce: Buffer;
  ciphertext: Buffer;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function base64Field(v: unknown, what: string): Buffer {
  if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v) || v.length % 4 !== 0) throw bad(`${what} is not base64`);
  return Buffer.from(v, 'base64');
}

/** The JSON payload, checked field by field; parameters outside what cosign writes are refused before scrypt runs. */
export function parseCosignEnvelope(bytes: Buffer): Envelope {
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw bad('the PEM body is not JSON');
  }
  if (!isObject(doc) || !isObject(doc.kdf) || !isObject(doc.cipher)) throw bad('the JSON has no kdf or cipher');
  const { kdf, cipher } = doc;
  if (kdf.name !== 'scrypt') throw bad(`key derivation "${String(kdf.name)}" is not scrypt`);
  if (cipher.name !== 'nacl/secretbox') throw bad(`cipher "${String(cipher.name)}" is not nacl/secretbox`);
  const params = isObject(kdf.params) ? kdf.params : {};
  const { N, r, p } = params;
  if (typeof N !== 'number' || !READ_N.has(N) || r !== 8 || p !== 1)
    throw bad(`scrypt parameters N=${String(N)}, r=${String(r)}, p=${String(p)} are not ones cosign writes (N 32768 or 65536, r 8, p 1)`);
  const salt = base64Field(kdf.salt, 'kdf.salt');
  if (salt.length < 16 || salt.length > 64) throw bad(`the salt is ${salt.length} bytes`);
  const nonce = base64Field(cipher.nonce, 'cipher.nonce');
  if (nonce.length !== SECRETBOX_NONCE_BYTES) throw bad(`the nonce is ${nonce.length} bytes, not ${SECRETBOX_NONCE_BYTES}`);
  const ciphertext = base64Field(doc.ciphertext, 'ciphertext');
  return { N, r: 8, p: 1, salt, nonce, ciphertext };
}

/** Decrypts a cosign.key (either label) to a vault key; a wrong passphrase is WRONG_PASSPHRASE. */
export function readCosignKey(text: string, passphrase: string): PrivateKey {
  if (text.length > MAX_FILE) throw bad('the file is too large to be a key');
  const blocks = decodePem(text);
  if (blocks.length !== 1) throw bad(`expected one PEM block, found ${blocks.length}`);
  const block = blocks[0]!;
  if (block.type !== SIGSTORE_LABEL && block.type !== COSIGN_LABEL) throw bad(`PEM type "${block.type}" is not a cosign encrypted key`);
  const env = parseCosignEnvelope(block.bytes);
  const boxKey = deriveKey(passphrase, env.salt, env.N, env.r, env.p);
  const plain = secretboxOpen(env.ciphertext, env.nonce, boxKey);
  boxKey.fill(0);
  if (!plain) throw new VaultError('WRONG_PASSPHRASE', 'cosign key: the passphrase is wrong (or the file was altered)');
  try {
    return PrivateKey.fromMaterial(parsePrivateKeyInfo(plain));
  } catch (e) {
    // cosign itself requires PKCS#8 (x509.ParsePKCS8PrivateKey) and refuses the same files.
    if (e instanceof DerError) throw bad(`decrypted, but the content is not a PKCS#8 private key (${e.message})`);
    throw e;
  } finally {
    plain.fill(0);
  }
}
