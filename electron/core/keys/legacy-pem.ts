import { createDecipheriv, createHash } from 'node:crypto';
import { VaultError } from '../errors';
import type { KeyMaterial } from './key-material';
import type { PemBlock } from './pem';

/**
 * The pre-PKCS#8 PEM types notary still reads: EC PRIVATE KEY (SEC1), RSA PRIVATE KEY (PKCS#1) and
 * notary's ED25519 PRIVATE KEY (96 raw bytes), plain or with OpenSSL's `Proc-Type: 4,ENCRYPTED` + `DEK-Info`.
 */

export const LEGACY_TYPES = ['EC PRIVATE KEY', 'RSA PRIVATE KEY', 'ED25519 PRIVATE KEY'] as const;
export type LegacyType = (typeof LEGACY_TYPES)[number];
export const isLegacyType = (t: string): t is LegacyType => (LEGACY_TYPES as readonly string[]).includes(t);

const DEK_CIPHERS: Record<string, { name: string; keyLength: number; ivLength: number }> = {
  'AES-128-CBC': { name: 'aes-128-cbc', keyLength: 16, ivLength: 16 },
  'AES-192-CBC': { name: 'aes-192-cbc', keyLength: 24, ivLength: 16 },
  'AES-256-CBC': { name: 'aes-256-cbc', keyLength: 32, ivLength: 16 },
  'DES-EDE3-CBC': { name: 'des-ede3-cbc', keyLength: 24, ivLength: 8 },
};

export interface DekInfo {
  cipher: string;
  iv: Buffer;
}

/**
 * Go's x509.IsEncryptedPEMBlock: a DEK-Info header is what counts; Proc-Type alone is checked for sanity.
 * Only the header's shape is checked here, so that listing works for ciphers we cannot decrypt.
 */
export function legacyEncryption(block: PemBlock): DekInfo | null {
  const dek = block.headers['DEK-Info'];
  const proc = block.headers['Proc-Type'];
  if (dek === undefined) {
    if (proc !== undefined && /ENCRYPTED/.test(proc))
      throw new VaultError('BAD_KEY_FILE', `${block.type} says it is encrypted but has no DEK-Info header`);
    return null;
  }
  const m = /^([A-Z0-9-]+),([0-9A-Fa-f]+)$/.exec(dek);
  if (!m) throw new VaultError('BAD_KEY_FILE', `${block.type}: malformed DEK-Info header "${dek}"`);
  if ((m[2] as string).length % 2 !== 0) throw new VaultError('BAD_KEY_FILE', `${block.type}: DEK-Info IV is not whole bytes`);
  return { cipher: m[1] as string, iv: Buffer.from(m[2] as string, 'hex') };
}

/** OpenSSL's EVP_BytesToKey with MD5, one round, salt = the first 8 bytes of the IV (what Go and OpenSSL use). */
export function evpBytesToKey(passphrase: Buffer, salt: Buffer, keyLength: number): Buffer {
  const parts: Buffer[] = [];
  let prev = Buffer.alloc(0);
  let total = 0;
  while (total < keyLength) {
    prev = createHash('md5').update(prev).update(passphrase).update(salt).digest();
    parts.push(prev);
    total += prev.length;
  }
  const all = Buffer.concat(parts);
  const key = Buffer.from(all.subarray(0, keyLength));
  all.fill(0);
  parts.forEach((p) => p.fill(0));
  return key;
}

/** Decrypted DER bytes, or null on bad padding (a wrong passphrase, almost always). */
export function decryptLegacy(block: PemBlock, dek: DekInfo, passphrase: string): Buffer | null {
  const spec = DEK_CIPHERS[dek.cipher];
  if (!spec) throw new VaultError('UNSUPPORTED_KEY', `${block.type}: cipher ${dek.cipher} is not supported`);
  if (dek.iv.length !== spec.ivLength)
    throw new VaultError('BAD_KEY_FILE', `${block.type}: DEK-Info IV has the wrong length for ${dek.cipher}`);
  if (block.bytes.length === 0 || block.bytes.length % spec.ivLength !== 0)
    throw new VaultError('BAD_KEY_FILE', `${block.type}: encrypted data is not whole cipher blocks`);
  const key = evpBytesToKey(Buffer.from(passphrase, 'utf8'), dek.iv.subarray(0, 8), spec.keyLength);
  try {
    const d = createDecipheriv(spec.name, key, dek.iv);
    return Buffer.concat([d.update(block.bytes), d.final()]);
  } catch {
    return null;
  } finally {
    key.fill(0);
  }
}

/** notary's ED25519 PRIVATE KEY body: public(32) || seed(32) || public(32). */
export function parseNotaryEd25519Raw(bytes: Buffer): KeyMaterial {
  if (bytes.length !== 96) throw new VaultError('BAD_KEY_FILE', `ED25519 PRIVATE KEY is ${bytes.length} bytes, not 96`);
  return {
    kind: 'ed25519',
    seed: Buffer.from(bytes.subarray(32, 64)),
    publicKeys: [Buffer.from(bytes.subarray(0, 32)), Buffer.from(bytes.subarray(64, 96))],
  };
}
