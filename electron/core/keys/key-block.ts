import type { KeyAlgorithm, KeyFileFormat } from '../../../shared/dto/keys';
import { DerError } from '../der';
import { VaultError } from '../errors';
import { secretBuffers, type KeyMaterial } from './key-material';
import { decryptLegacy, isLegacyType, legacyEncryption, parseNotaryEd25519Raw } from './legacy-pem';
import { decryptEnvelope, encryptNotaryEnvelope, encryptedDataLength, parseEncryptedPrivateKeyInfo } from './pbes2';
import { encodePem, type PemBlock } from './pem';
import { encodeNotaryPrivateKeyInfo, parsePrivateKeyInfo, privateKeyInfoAlgorithm } from './pkcs8';
import { notaryKeyParts, PrivateKey } from './private-key';
import { parsePkcs1, parseSec1 } from './key-structures';

/** From a PEM block to a PrivateKey and back, in every form notary reads and in the one form it writes. */

const FORMAT_BY_TYPE: Record<string, KeyFileFormat> = {
  'ENCRYPTED PRIVATE KEY': 'pkcs8-encrypted',
  'PRIVATE KEY': 'pkcs8',
  'EC PRIVATE KEY': 'ec',
  'RSA PRIVATE KEY': 'rsa',
  'ED25519 PRIVATE KEY': 'ed25519',
};

const LEGACY_ALGORITHM: Record<string, KeyAlgorithm> = {
  'EC PRIVATE KEY': 'ecdsa',
  'RSA PRIVATE KEY': 'rsa',
  'ED25519 PRIVATE KEY': 'ed25519',
};

/** Runs a structural parse; a DerError means the file is not what its PEM type says. */
function structural<T>(block: PemBlock, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof DerError) throw new VaultError('BAD_KEY_FILE', `${block.type}: ${e.message}`);
    throw e;
  }
}

/**
 * What an encrypted PKCS#8 key is, guessed from the ciphertext size, since the algorithm is inside the
 * encryption. Measured on real files: notary Ed25519 PrivateKeyInfo = 116 bytes (128 encrypted), notary ECDSA
 * P-256 = 150 (160), RSA 2048 about 1,210 (1,216). Standard forms are smaller (RFC 8410 Ed25519 48, plain
 * PKCS#8 P-256 138), so the bands below hold for them too.
 */
export function algorithmFromCiphertextLength(n: number): KeyAlgorithm | null {
  if (n <= 128) return 'ed25519';
  if (n <= 256) return 'ecdsa';
  if (n >= 512) return 'rsa';
  return null;
}

/** Format, encryption and algorithm of a block, without a passphrase. */
export function inspectKeyBlock(block: PemBlock): { format: KeyFileFormat; encrypted: boolean; algorithm: KeyAlgorithm | null } {
  const format = FORMAT_BY_TYPE[block.type] ?? 'unknown';
  switch (format) {
    case 'pkcs8-encrypted': {
      const length = structural(block, () => encryptedDataLength(block.bytes));
      return { format, encrypted: true, algorithm: algorithmFromCiphertextLength(length) };
    }
    case 'pkcs8':
      return { format, encrypted: false, algorithm: structural(block, () => privateKeyInfoAlgorithm(block.bytes)) };
    case 'unknown':
      return { format, encrypted: false, algorithm: null };
    default: {
      const dek = legacyEncryption(block);
      let algorithm: KeyAlgorithm | null = LEGACY_ALGORITHM[block.type] ?? null;
      if (!dek) {
        try {
          const m = structural(block, () => parseLegacyDer(block.type, block.bytes));
          secretBuffers(m).forEach((b) => b.fill(0));
        } catch (e) {
          if (!(e instanceof VaultError && e.code === 'UNSUPPORTED_KEY')) throw e;
          algorithm = null; // e.g. a P-384 key: well-formed, but not one notary can use
        }
      } else if (block.bytes.length === 0) {
        throw new VaultError('BAD_KEY_FILE', `${block.type}: no encrypted data`);
      }
      return { format, encrypted: dek !== null, algorithm };
    }
  }
}

function parseLegacyDer(type: string, der: Buffer): KeyMaterial {
  if (type === 'EC PRIVATE KEY') return parseSec1(der);
  if (type === 'RSA PRIVATE KEY') return parsePkcs1(der);
  return parseNotaryEd25519Raw(der);
}

const required = (block: PemBlock) =>
  new VaultError('PASSPHRASE_REQUIRED', `this ${block.type} is encrypted: a passphrase is needed`);
const wrong = () => new VaultError('WRONG_PASSPHRASE', 'the passphrase does not decrypt this key');

/**
 * Decrypts (if needed) and parses a key block. An empty or missing passphrase for an encrypted block is
 * PASSPHRASE_REQUIRED; bad padding or an inner structure that does not parse is WRONG_PASSPHRASE.
 */
export function decryptKeyBlock(block: PemBlock, passphrase?: string): PrivateKey {
  const format = FORMAT_BY_TYPE[block.type];
  if (!format) throw new VaultError('BAD_KEY_FILE', `a ${block.type || 'untyped'} PEM block is not a private key`);
  if (format === 'pkcs8-encrypted') {
    const env = structural(block, () => parseEncryptedPrivateKeyInfo(block.bytes));
    if (!passphrase) throw required(block);
    const material = decryptEnvelope(env, passphrase, (plain) => {
      try {
        return parsePrivateKeyInfo(plain);
      } catch (e) {
        if (e instanceof DerError) return null; // garbage: the key was wrong
        throw e;
      }
    });
    if (!material) throw wrong();
    return PrivateKey.fromMaterial(material);
  }
  if (format === 'pkcs8') return PrivateKey.fromMaterial(structural(block, () => parsePrivateKeyInfo(block.bytes)));
  if (!isLegacyType(block.type)) throw new VaultError('BAD_KEY_FILE', `${block.type} is not a private key`);
  const dek = legacyEncryption(block);
  if (!dek) return PrivateKey.fromMaterial(structural(block, () => parseLegacyDer(block.type, block.bytes)));
  if (!passphrase) throw required(block);
  const der = decryptLegacy(block, dek, passphrase);
  if (!der) throw wrong();
  try {
    return PrivateKey.fromMaterial(parseLegacyDer(block.type, der));
  } catch (e) {
    // A wrong passphrase passes the padding check about once in 256 tries; the inner DER then fails.
    if (e instanceof DerError || (e instanceof VaultError && e.code === 'BAD_KEY_FILE')) throw wrong();
    throw e;
  } finally {
    der.fill(0);
  }
}

export interface KeyFileOptions {
  role: string;
  gun?: string | null;
  passphrase: string;
  /** The `path` header of `notary key export` bundles (the key ID); `notary key import` needs it for encrypted keys. */
  path?: string;
}

/**
 * One PEM block exactly as notary writes it: ENCRYPTED PRIVATE KEY (PBES2, PBKDF2-HMAC-SHA1, 2048 iterations,
 * AES-256-CBC) around notary's PKCS#8, or an unencrypted PRIVATE KEY when the passphrase is empty, as notary does.
 */
export function encodeKeyFile(key: PrivateKey, options: KeyFileOptions): string {
  if (!options.role) throw new VaultError('INVALID_ARGUMENT', 'a key file needs a role');
  const headers: Record<string, string> = { role: options.role };
  if (options.gun) headers.gun = options.gun;
  if (options.path) headers.path = options.path;
  const inner = encodeNotaryPrivateKeyInfo(notaryKeyParts(key));
  try {
    if (options.passphrase === '') return encodePem({ type: 'PRIVATE KEY', headers, bytes: inner });
    return encodePem({ type: 'ENCRYPTED PRIVATE KEY', headers, bytes: encryptNotaryEnvelope(inner, options.passphrase) });
  } finally {
    inner.fill(0);
  }
}
