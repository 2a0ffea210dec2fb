import { type RegularFileRead, readRegularFile } from '../fs/read-regular-file';
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import { VaultError, ioError } from '../errors';
import { array, nullable, object, str, ShapeError, type Check } from '../backup/json-shape';
import { trustDirIdOf } from '../trustdir/trust-dir-id';
import { MAX_ITERATIONS, MAX_MEMORY_KIB, MIN_MEMORY_KIB, type KdfParams } from './kdf';

/**
 * The vault file, <dataDir>/vault/vault.tv:
 *
 *   "TVVAULT1" | u32 BE header length | header (JSON, UTF-8) | AES-256-GCM ciphertext | 16-byte tag | SHA-256
 *
 * - The header is public: the KDF parameters, the cipher nonce, a key-check value, the auto-lock setting and the
 *   index of offline keys (IDs, role, GUN and the opaque ID of their trust dir; key IDs are public), so status works
 *   while locked. It names no path: until a passphrase has authenticated it, it is anyone's bytes, and a locked
 *   vault derives a key's place as <registered trust dir>/private/<id>.key (issue 12, point 2). Where a key file
 *   really goes back to is in the encrypted payload.
 * - The KDF parameters of a header are checked against caps (1 GiB, 100 passes) before any work is done: a file
 *   asking for more was not written by us and is VAULT_DAMAGED, not hours of Argon2.
 * - Everything before the ciphertext is the GCM additional data: the header cannot be changed without the key.
 * - The last 32 bytes are an unkeyed SHA-256 of everything before them. It tells damage (a flipped byte anywhere:
 *   VAULT_DAMAGED) from a wrong passphrase (the checksum is fine, the key-check value does not match:
 *   VAULT_WRONG_PASSPHRASE) before any key is derived. A GCM failure after a matching key-check value is damage too.
 * - The Argon2id output is never used directly: HKDF-SHA256 (salt = the Argon2 salt) derives the encryption key
 *   and the key-check value from it under different labels.
 */

export const VAULT_MAGIC = Buffer.from('TVVAULT1', 'latin1');
export const VAULT_FORMAT = 'trust-vault-vault';
export const VAULT_VERSION = 1;
export const MAX_VAULT_BYTES = 64 * 1024 * 1024;
const MAX_HEADER_BYTES = 4 * 1024 * 1024;
const TAG_BYTES = 16;
const SUM_BYTES = 32;
const NONCE_BYTES = 12;
const PREFIX_BYTES = VAULT_MAGIC.length + 4;

export const vaultPath = (dataDir: string): string => join(dataDir, 'vault', 'vault.tv');

/** What the header says about one offline key: public metadata, never a path. */
export interface OfflineIndexEntry {
  keyId: string;
  role: string | null;
  gun: string | null;
  algorithm: string | null;
  /** trustDirIdOf(the trust dir the key goes back to): picks one of the registered trust dirs, names no path. */
  trustDirId: string;
  takenOfflineAt: string;
  /** Set while the key file is back in the trust dir for a limited time. */
  onlineUntil: string | null;
  /** hex SHA-256 of the key file's exact bytes (sweeping moves a trust-dir file only when it matches). */
  sha256: string;
  /**
   * Vault files written before issue 12 named the path in the header. Read only once the vault is unlocked (the
   * header is GCM additional data, so it is then authenticated), moved into the payload and never written again.
   */
  legacyLocation?: { trustDir: string; file: string };
}

export interface VaultHeader {
  format: typeof VAULT_FORMAT;
  version: typeof VAULT_VERSION;
  kdf: {
    algorithm: 'argon2id';
    /** Argon2 version 0x13. */
    version: 19;
    memoryKiB: number;
    iterations: number;
    parallelism: number;
    salt: string;
    targetMs: number;
    measuredMs: number;
  };
  cipher: { algorithm: 'aes-256-gcm'; nonce: string };
  /** base64 of HKDF(argon2 output, "key check"): tells a wrong passphrase from damage. */
  keyCheck: string;
  autoLockMinutes: number;
  index: OfflineIndexEntry[];
  writtenAt: string;
}

export interface ParsedVault {
  header: VaultHeader;
  /** Magic, length and header bytes: the GCM additional data. */
  aad: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
  /** hex SHA-256 of the whole file, for "has it changed on disk since?" */
  fileSha256: string;
}

export interface ReadOptions {
  /**
   * The least memory a vault file may ask for. 64 MiB for every real vault: a header naming less was not written
   * by us (a downgrade to a cheap KDF), so it is refused as damaged. Unit tests lower it to keep Argon2 cheap; the
   * app and the CLI never pass it.
   */
  minimumMemoryKiB?: number;
}

const damaged = (path: string, what: string) => new VaultError('VAULT_DAMAGED', `The vault file ${path} is damaged: ${what}. Nothing was changed; restore it from a copy, or move it away to start a new vault.`);

export const sha256Hex = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** The file's bytes, or null when there is no vault yet. Refuses symlinks, non-files and oversized files. */
export function readVaultBytes(path: string): Buffer | null {
  let r: RegularFileRead;
  try {
    r = readRegularFile(path, MAX_VAULT_BYTES);
  } catch (e) {
    throw ioError('Could not read the vault file', path, e);
  }
  switch (r.kind) {
    case 'missing':
      return null;
    case 'symlink':
      throw damaged(path, 'it is a symbolic link, not the vault file');
    case 'not-a-file':
      throw damaged(path, 'it is not a regular file');
    case 'too-large':
      throw damaged(path, `it is ${r.size} bytes, more than the ${MAX_VAULT_BYTES}-byte limit`);
  }
  if (r.changedSize) throw damaged(path, 'it changed size while being read');
  return r.bytes;
}

const int =
  (min: number, max: number): Check<number> =>
  (v, at) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new ShapeError(`${at} is not a whole number from ${min} to ${max}`);
    return v;
  };
const num =
  (min: number, max: number): Check<number> =>
  (v, at) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) throw new ShapeError(`${at} is not a number from ${min} to ${max}`);
    return v;
  };
const exactly =
  <T extends string | number>(x: T): Check<T> =>
  (v, at) => {
    if (v !== x) throw new ShapeError(`${at} is not ${String(x)}`);
    return x;
  };
const b64 = (bytes: number): Check<string> => {
  const s = str(Math.ceil(bytes / 3) * 4, /^[A-Za-z0-9+/]*={0,2}$/);
  return (v, at) => {
    const out = s(v, at);
    if (Buffer.from(out, 'base64').length !== bytes) throw new ShapeError(`${at} is not ${bytes} bytes of base64`);
    return out;
  };
};
const iso = str(40, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);

const TRUST_DIR_ID = /^[A-Za-z0-9_-]{16}$/;
const checkCommon = object<Omit<OfflineIndexEntry, 'trustDirId' | 'legacyLocation'>>({
  keyId: str(64, /^[0-9a-f]{64}$/),
  role: nullable(str(256)),
  gun: nullable(str(1024)),
  algorithm: nullable(str(32)),
  takenOfflineAt: iso,
  onlineUntil: nullable(iso),
  sha256: str(64, /^[0-9a-f]{64}$/),
});
const checkLegacy = object<{ trustDir: string; file: string }>({ trustDir: str(4096), file: str(1024, /^[^\0]+$/) });

/** An index entry: today's (trustDirId) or one written before issue 12 (trustDir + file, kept aside as legacyLocation). */
const checkEntry: Check<OfflineIndexEntry> = (v, at) => {
  const common = checkCommon(v, at);
  const o = v as Record<string, unknown>;
  if (o.trustDirId !== undefined) return { ...common, trustDirId: str(16, TRUST_DIR_ID)(o.trustDirId, `${at}.trustDirId`) };
  const legacyLocation = checkLegacy(v, at);
  return { ...common, trustDirId: trustDirIdOf(legacyLocation.trustDir), legacyLocation };
};

function checkHeader(v: unknown, minimumMemoryKiB: number): VaultHeader {
  return object<VaultHeader>({
    format: exactly(VAULT_FORMAT),
    version: exactly(VAULT_VERSION),
    kdf: object<VaultHeader['kdf']>({
      algorithm: exactly('argon2id'),
      version: exactly(19),
      memoryKiB: int(minimumMemoryKiB, MAX_MEMORY_KIB),
      iterations: int(1, MAX_ITERATIONS),
      parallelism: int(1, 16),
      salt: b64(16),
      targetMs: num(0, 600_000),
      measuredMs: num(0, 600_000),
    }),
    cipher: object<VaultHeader['cipher']>({ algorithm: exactly('aes-256-gcm'), nonce: b64(NONCE_BYTES) }),
    keyCheck: b64(32),
    autoLockMinutes: int(0, 24 * 60),
    index: array(checkEntry, 100_000),
    writtenAt: iso,
  })(v, 'header');
}

/** Checks the checksum and the header; the ciphertext is only opened by openVault. Throws VAULT_DAMAGED. */
export function parseVault(bytes: Buffer, path: string, options: ReadOptions = {}): ParsedVault {
  if (bytes.length < PREFIX_BYTES + 2 + TAG_BYTES + SUM_BYTES) throw damaged(path, `it is only ${bytes.length} bytes long (truncated?)`);
  const body = bytes.subarray(0, bytes.length - SUM_BYTES);
  const sum = createHash('sha256').update(body).digest();
  if (!timingSafeEqual(sum, bytes.subarray(bytes.length - SUM_BYTES))) throw damaged(path, 'its checksum does not match its contents (a changed or truncated byte)');
  if (!bytes.subarray(0, VAULT_MAGIC.length).equals(VAULT_MAGIC)) throw damaged(path, 'it does not start like a Trust Vault vault file');
  const headerLength = bytes.readUInt32BE(VAULT_MAGIC.length);
  if (headerLength > MAX_HEADER_BYTES || PREFIX_BYTES + headerLength + TAG_BYTES > body.length) throw damaged(path, 'its header length is impossible');
  const aad = bytes.subarray(0, PREFIX_BYTES + headerLength);
  let header: VaultHeader;
  try {
    header = checkHeader(JSON.parse(aad.subarray(PREFIX_BYTES).toString('utf8')), options.minimumMemoryKiB ?? MIN_MEMORY_KIB);
  } catch (e) {
    throw damaged(path, `its header is not valid (${e instanceof ShapeError || e instanceof SyntaxError ? e.message : String(e)})`);
  }
  return {
    header,
    aad,
    ciphertext: body.subarray(aad.length, body.length - TAG_BYTES),
    tag: body.subarray(body.length - TAG_BYTES),
    fileSha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

export interface VaultKeys {
  /** AES-256-GCM key. */
  encryption: Buffer;
  /** Compared with the header's keyCheck. */
  check: Buffer;
}

/** Splits the Argon2id output into the encryption key and the key-check value (HKDF-SHA256). */
export function splitMasterKey(master: Buffer, salt: Buffer): VaultKeys {
  const hk = (label: string) => Buffer.from(hkdfSync('sha256', master, salt, `trust-vault vault v1 ${label}`, 32));
  return { encryption: hk('encryption key'), check: hk('key check') };
}

export const kdfParamsOf = (header: VaultHeader): KdfParams => ({
  memoryKiB: header.kdf.memoryKiB,
  iterations: header.kdf.iterations,
  parallelism: header.kdf.parallelism,
  salt: Buffer.from(header.kdf.salt, 'base64'),
});

/** True when the derived check value is the header's (constant time). */
export function keyCheckMatches(header: VaultHeader, check: Buffer): boolean {
  const expected = Buffer.from(header.keyCheck, 'base64');
  return expected.length === check.length && timingSafeEqual(expected, check);
}

/** Decrypts the payload with a key whose check value matched; a GCM failure then means damage. */
export function openVault(parsed: ParsedVault, encryption: Buffer, path: string): Buffer {
  try {
    const d = createDecipheriv('aes-256-gcm', encryption, Buffer.from(parsed.header.cipher.nonce, 'base64'));
    d.setAAD(parsed.aad);
    d.setAuthTag(parsed.tag);
    return Buffer.concat([d.update(parsed.ciphertext), d.final()]);
  } catch {
    throw damaged(path, 'its encrypted contents do not authenticate (the passphrase is right, the data was changed)');
  }
}

/** The whole file for a header (whose nonce is replaced by a fresh one) and a plaintext payload. */
export function sealVault(header: VaultHeader, encryption: Buffer, plaintext: Buffer): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  // A legacy location never goes back into the header: the session moved it into the payload.
  const index = header.index.map(({ legacyLocation: _legacy, ...e }) => e);
  const sealed: VaultHeader = { ...header, index, cipher: { algorithm: 'aes-256-gcm', nonce: nonce.toString('base64') } };
  const headerBytes = Buffer.from(JSON.stringify(sealed), 'utf8');
  if (headerBytes.length > MAX_HEADER_BYTES) throw new VaultError('INVALID_ARGUMENT', 'The vault index is too large');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(headerBytes.length);
  const aad = Buffer.concat([VAULT_MAGIC, length, headerBytes]);
  const c = createCipheriv('aes-256-gcm', encryption, nonce);
  c.setAAD(aad);
  const ciphertext = Buffer.concat([c.update(plaintext), c.final()]);
  const body = Buffer.concat([aad, ciphertext, c.getAuthTag()]);
  const file = Buffer.concat([body, createHash('sha256').update(body).digest()]);
  if (file.length > MAX_VAULT_BYTES) throw new VaultError('INVALID_ARGUMENT', `The vault would be ${file.length} bytes, more than the ${MAX_VAULT_BYTES}-byte limit`);
  return file;
}
