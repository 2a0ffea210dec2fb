import { createCipheriv, createDecipheriv, pbkdf2Sync, randomBytes } from 'node:crypto';
import { VaultError } from '../errors';
import {
  OID, decodeDer, derInteger, derOctets, derOid, derSequence, readOctets, readOid, readSmallInt, sequence,
} from '../der';

/**
 * PKCS#8 EncryptedPrivateKeyInfo with PBES2/PBKDF2, the envelope of every notary key file.
 * Structure errors are DerErrors; the caller maps them to BAD_KEY_FILE.
 */

const CIPHERS: Record<string, { name: string; keyLength: number; ivLength: number }> = {
  [OID.aes256Cbc]: { name: 'aes-256-cbc', keyLength: 32, ivLength: 16 },
  [OID.aes192Cbc]: { name: 'aes-192-cbc', keyLength: 24, ivLength: 16 },
  [OID.aes128Cbc]: { name: 'aes-128-cbc', keyLength: 16, ivLength: 16 },
  [OID.desEde3Cbc]: { name: 'des-ede3-cbc', keyLength: 24, ivLength: 8 },
};

const PRFS: Record<string, string> = {
  [OID.hmacWithSHA1]: 'sha1',
  [OID.hmacWithSHA224]: 'sha224',
  [OID.hmacWithSHA256]: 'sha256',
  [OID.hmacWithSHA384]: 'sha384',
  [OID.hmacWithSHA512]: 'sha512',
};

/** notary writes 2048; OpenSSL writes 2048 too. A hostile file must not make us spin for minutes. */
const MAX_ITERATIONS = 2_000_000;

export interface Pbes2Envelope {
  salt: Buffer;
  iterations: number;
  /** Hash named by the PRF field; 'sha1' when absent (the only one notary writes and uses). */
  prf: string;
  prfPresent: boolean;
  cipherOid: string;
  iv: Buffer;
  ciphertext: Buffer;
}

/**
 * Size of the encrypted data, read from the outer structure only, so that a file with a scheme we cannot
 * decrypt (PBES1, scrypt…) can still be listed; decryption then says what is unsupported.
 */
export function encryptedDataLength(der: Buffer): number {
  const [alg, data] = sequence(decodeDer(der), 'EncryptedPrivateKeyInfo', 2, 2);
  readOid(sequence(alg, 'encryptionAlgorithm', 1, 2)[0], 'encryptionAlgorithm OID');
  return readOctets(data, 'encryptedData').length;
}

export function parseEncryptedPrivateKeyInfo(der: Buffer): Pbes2Envelope {
  const [alg, data] = sequence(decodeDer(der), 'EncryptedPrivateKeyInfo', 2, 2);
  const [algOid, pbes2Params] = sequence(alg, 'encryptionAlgorithm', 2, 2);
  const scheme = readOid(algOid, 'encryptionAlgorithm OID');
  if (scheme !== OID.pbes2) throw new VaultError('UNSUPPORTED_KEY', `key encryption scheme ${scheme} is not supported (only PBES2)`);
  const [kdf, enc] = sequence(pbes2Params, 'PBES2 parameters', 2, 2);
  const [kdfOid, kdfParams] = sequence(kdf, 'PBES2 keyDerivationFunc', 2, 2);
  const kdfName = readOid(kdfOid, 'keyDerivationFunc OID');
  if (kdfName !== OID.pbkdf2) throw new VaultError('UNSUPPORTED_KEY', `key derivation ${kdfName} is not supported (only PBKDF2)`);
  const p = sequence(kdfParams, 'PBKDF2 parameters', 2, 4);
  const salt = readOctets(p[0], 'PBKDF2 salt');
  const iterations = readSmallInt(p[1], 'PBKDF2 iteration count');
  if (iterations < 1 || iterations > MAX_ITERATIONS)
    throw new VaultError('UNSUPPORTED_KEY', `PBKDF2 iteration count ${iterations} is out of the accepted range`);
  let prf = 'sha1';
  let prfPresent = false;
  let keyLength: number | undefined;
  for (const opt of p.slice(2)) {
    if (opt.tag === 0x02) keyLength = readSmallInt(opt, 'PBKDF2 keyLength');
    else {
      const [prfOid] = sequence(opt, 'PBKDF2 prf', 1, 2);
      const oid = readOid(prfOid, 'PBKDF2 prf OID');
      const hash = PRFS[oid];
      if (!hash) throw new VaultError('UNSUPPORTED_KEY', `PBKDF2 PRF ${oid} is not supported`);
      prf = hash;
      prfPresent = true;
    }
  }
  const [encOid, ivNode] = sequence(enc, 'PBES2 encryptionScheme', 2, 2);
  const cipherOid = readOid(encOid, 'encryptionScheme OID');
  const cipher = CIPHERS[cipherOid];
  if (!cipher) throw new VaultError('UNSUPPORTED_KEY', `key cipher ${cipherOid} is not supported`);
  const iv = readOctets(ivNode, 'encryptionScheme IV');
  if (iv.length !== cipher.ivLength) throw new VaultError('BAD_KEY_FILE', `${cipher.name} IV is ${iv.length} bytes`);
  if (keyLength !== undefined && keyLength !== cipher.keyLength)
    throw new VaultError('BAD_KEY_FILE', `PBKDF2 keyLength ${keyLength} does not fit ${cipher.name}`);
  const ciphertext = readOctets(data, 'encryptedData');
  if (ciphertext.length === 0 || ciphertext.length % 8 !== 0)
    throw new VaultError('BAD_KEY_FILE', `encrypted key is ${ciphertext.length} bytes, not whole cipher blocks`);
  return { salt, iterations, prf, prfPresent, cipherOid, iv, ciphertext };
}

/**
 * Decrypts with HMAC-SHA1 first, because notary ignores the PRF field and always uses SHA-1. If that fails and
 * the file names another PRF (OpenSSL's default is SHA-256), that one is tried too: such a file is readable
 * here though notary itself would call the passphrase wrong. Returns null when no attempt gives valid
 * padding AND an inner structure accepted by `accept`.
 */
export function decryptEnvelope<T>(env: Pbes2Envelope, passphrase: string, accept: (plain: Buffer) => T | null): T | null {
  const prfs = env.prf === 'sha1' ? ['sha1'] : ['sha1', env.prf];
  const cipher = CIPHERS[env.cipherOid]!;
  for (const prf of prfs) {
    const key = pbkdf2Sync(Buffer.from(passphrase, 'utf8'), env.salt, env.iterations, cipher.keyLength, prf);
    let plain: Buffer | null = null;
    try {
      const d = createDecipheriv(cipher.name, key, env.iv);
      plain = Buffer.concat([d.update(env.ciphertext), d.final()]);
    } catch {
      plain = null; // bad padding: wrong key
    } finally {
      key.fill(0);
    }
    if (plain) {
      const result = accept(plain);
      plain.fill(0);
      if (result !== null) return result;
    }
  }
  return null;
}

/** notary's exact envelope: PBES2, PBKDF2 with no PRF field (HMAC-SHA1), 8-byte salt, 2048 iterations, AES-256-CBC. */
export function encryptNotaryEnvelope(plain: Buffer, passphrase: string): Buffer {
  const salt = randomBytes(8);
  const iv = randomBytes(16);
  const iterations = 2048;
  const key = pbkdf2Sync(Buffer.from(passphrase, 'utf8'), salt, iterations, 32, 'sha1');
  try {
    const c = createCipheriv('aes-256-cbc', key, iv);
    const ciphertext = Buffer.concat([c.update(plain), c.final()]);
    return derSequence(
      derSequence(
        derOid(OID.pbes2),
        derSequence(
          derSequence(derOid(OID.pbkdf2), derSequence(derOctets(salt), derInteger(iterations))),
          derSequence(derOid(OID.aes256Cbc), derOctets(iv)),
        ),
      ),
      derOctets(ciphertext),
    );
  } finally {
    key.fill(0);
  }
}
