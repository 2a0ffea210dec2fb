import { isAbsolute } from 'node:path';
import { VaultError } from '../errors';

/**
 * The vault's encrypted contents. In memory, key files are Buffers so locking can zero them; passphrases are JS
 * strings, which cannot be zeroed, so locking drops every reference to them (and to the payload) instead.
 *
 * On disk (inside the ciphertext): {"version":1,"passphrases":{ID:{passphrase,role,gun,savedAt}},
 * "offlineKeys":{ID:{"fileB64": the exact bytes of notary's key file, "trustDir", "file": where it goes back to}},
 * "audit":{"key": the audit checkpoint key, "checkpoints":[{seq,hash,at,mac}]}}. Locations and the audit part are
 * absent from vaults written before issue 12 (then the authenticated header's location is used, and a key is made).
 */

/** Where an offline key's file goes back to: a trust dir and a path inside it (authenticated: it is in the payload). */
export interface KeyLocation {
  trustDir: string;
  /** Relative to trustDir, e.g. private/<id>.key. */
  file: string;
}

/** One audit checkpoint (audit/checkpoint.ts): the log's head when the vault was written, under the vault's key. */
export interface StoredCheckpoint {
  seq: number;
  hash: string;
  at: string;
  mac: string;
}

export interface AuditSecrets {
  /** 32 random bytes, made with the vault (or at the first write after issue 12): the HMAC key of checkpoints. */
  key: Buffer;
  /** Oldest first, at most MAX_CHECKPOINTS. */
  checkpoints: StoredCheckpoint[];
}

export interface SavedPassphrase {
  passphrase: string;
  role: string | null;
  gun: string | null;
  savedAt: string;
}

export interface VaultPayload {
  passphrases: Map<string, SavedPassphrase>;
  /** keyId -> the key file's exact bytes, as notary wrote them (its own PKCS#8 encryption inside ours). */
  offlineKeys: Map<string, Buffer>;
  /** keyId -> where its file goes back to. */
  locations: Map<string, KeyLocation>;
  /** null only in a vault written before issue 12, until its next write. */
  audit: AuditSecrets | null;
}

export const emptyPayload = (): VaultPayload => ({ passphrases: new Map(), offlineKeys: new Map(), locations: new Map(), audit: null });

/** How many checkpoints the vault keeps: enough to say since when a log differs, small enough to stay light. */
export const MAX_CHECKPOINTS = 512;

/** A key file path the vault writes back to: relative, under private/, a .key file, no `..`. */
export const isKeyFilePath = (file: string): boolean =>
  /^private\/([^/\0]+\/)*[^/\0]+\.key$/.test(file) && file.length <= 1024 && !file.split('/').some((part) => part === '..' || part === '.');

const KEY_ID = /^[0-9a-f]{64}$/;
const MAX_KEY_FILE_BYTES = 64 * 1024;

export function serializePayload(p: VaultPayload): Buffer {
  const passphrases: Record<string, SavedPassphrase> = {};
  for (const [id, s] of p.passphrases) passphrases[id] = { passphrase: s.passphrase, role: s.role, gun: s.gun, savedAt: s.savedAt };
  const offlineKeys: Record<string, { fileB64: string; trustDir?: string; file?: string }> = {};
  for (const [id, bytes] of p.offlineKeys) offlineKeys[id] = { fileB64: bytes.toString('base64'), ...p.locations.get(id) };
  const audit = p.audit ? { key: p.audit.key.toString('base64'), checkpoints: p.audit.checkpoints } : undefined;
  return Buffer.from(JSON.stringify({ version: 1, passphrases, offlineKeys, audit }), 'utf8');
}

const isStrOrNull = (v: unknown, max: number) => v === null || (typeof v === 'string' && v.length <= max);

/** Parses decrypted contents; anything unexpected is damage (the GCM tag already matched, so it is our bug or a forgery). */
export function parsePayload(plain: Buffer, path: string): VaultPayload {
  const bad = (what: string) => new VaultError('VAULT_DAMAGED', `The vault file ${path} decrypts, but its contents are not valid: ${what}`);
  let v: unknown;
  try {
    v = JSON.parse(plain.toString('utf8'));
  } catch {
    throw bad('not JSON');
  }
  if (typeof v !== 'object' || v === null || (v as { version?: unknown }).version !== 1) throw bad('unknown version');
  const { passphrases, offlineKeys, audit } = v as { passphrases?: unknown; offlineKeys?: unknown; audit?: unknown };
  if (typeof passphrases !== 'object' || passphrases === null || Array.isArray(passphrases)) throw bad('passphrases is not an object');
  if (typeof offlineKeys !== 'object' || offlineKeys === null || Array.isArray(offlineKeys)) throw bad('offlineKeys is not an object');
  const out = emptyPayload();
  for (const [id, s] of Object.entries(passphrases as Record<string, unknown>)) {
    const e = s as Partial<SavedPassphrase> | null;
    if (!KEY_ID.test(id) || typeof e !== 'object' || e === null || typeof e.passphrase !== 'string' || !isStrOrNull(e.role, 256) || !isStrOrNull(e.gun, 1024) || typeof e.savedAt !== 'string') {
      throw bad(`the saved passphrase entry ${id.slice(0, 64)} is malformed`);
    }
    out.passphrases.set(id, { passphrase: e.passphrase, role: e.role ?? null, gun: e.gun ?? null, savedAt: e.savedAt });
  }
  for (const [id, k] of Object.entries(offlineKeys as Record<string, unknown>)) {
    const b = (k as { fileB64?: unknown } | null)?.fileB64;
    if (!KEY_ID.test(id) || typeof b !== 'string' || b.length > (MAX_KEY_FILE_BYTES * 4) / 3 + 4) throw bad(`the offline key entry ${id.slice(0, 64)} is malformed`);
    out.offlineKeys.set(id, Buffer.from(b, 'base64'));
    const { trustDir, file } = k as { trustDir?: unknown; file?: unknown };
    if (trustDir !== undefined || file !== undefined) {
      if (typeof trustDir !== 'string' || !isAbsolute(trustDir) || trustDir.length > 4096 || typeof file !== 'string' || !isKeyFilePath(file)) {
        throw bad(`the location of offline key ${id} is malformed`);
      }
      out.locations.set(id, { trustDir, file });
    }
  }
  if (audit !== undefined) out.audit = parseAudit(audit, bad);
  return out;
}

function parseAudit(v: unknown, bad: (what: string) => VaultError): AuditSecrets {
  const a = v as { key?: unknown; checkpoints?: unknown } | null;
  if (typeof a !== 'object' || a === null || typeof a.key !== 'string' || !Array.isArray(a.checkpoints) || a.checkpoints.length > MAX_CHECKPOINTS) throw bad('the audit part is malformed');
  const key = Buffer.from(a.key, 'base64');
  if (key.length !== 32) throw bad('the audit key is not 32 bytes');
  const checkpoints = a.checkpoints.map((c: unknown): StoredCheckpoint => {
    const x = c as Partial<StoredCheckpoint> | null;
    if (
      typeof x !== 'object' || x === null || !Number.isSafeInteger(x.seq) || (x.seq as number) < 0 || typeof x.hash !== 'string' || !/^[0-9a-f]{64}$/.test(x.hash) ||
      typeof x.at !== 'string' || typeof x.mac !== 'string' || !/^[0-9a-f]{64}$/.test(x.mac)
    ) {
      throw bad('an audit checkpoint is malformed');
    }
    return { seq: x.seq as number, hash: x.hash, at: x.at, mac: x.mac };
  });
  return { key, checkpoints };
}

/** Zeroes the key file bytes and the audit key, and forgets everything. */
export function wipePayload(p: VaultPayload): void {
  for (const b of p.offlineKeys.values()) b.fill(0);
  p.offlineKeys.clear();
  p.passphrases.clear();
  p.locations.clear();
  p.audit?.key.fill(0);
}
