import { VaultError } from '../errors';

/**
 * The vault's encrypted contents. In memory, key files are Buffers so locking can zero them; passphrases are JS
 * strings, which cannot be zeroed, so locking drops every reference to them (and to the payload) instead.
 *
 * On disk (inside the ciphertext): {"version":1,"passphrases":{ID:{passphrase,role,gun,savedAt}},
 * "offlineKeys":{ID:{"fileB64": the exact bytes of notary's key file}}}.
 */

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
}

export const emptyPayload = (): VaultPayload => ({ passphrases: new Map(), offlineKeys: new Map() });

const KEY_ID = /^[0-9a-f]{64}$/;
const MAX_KEY_FILE_BYTES = 64 * 1024;

export function serializePayload(p: VaultPayload): Buffer {
  const passphrases: Record<string, SavedPassphrase> = {};
  for (const [id, s] of p.passphrases) passphrases[id] = { passphrase: s.passphrase, role: s.role, gun: s.gun, savedAt: s.savedAt };
  const offlineKeys: Record<string, { fileB64: string }> = {};
  for (const [id, bytes] of p.offlineKeys) offlineKeys[id] = { fileB64: bytes.toString('base64') };
  return Buffer.from(JSON.stringify({ version: 1, passphrases, offlineKeys }), 'utf8');
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
  const { passphrases, offlineKeys } = v as { passphrases?: unknown; offlineKeys?: unknown };
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
  }
  return out;
}

/** Zeroes the key file bytes and forgets everything. */
export function wipePayload(p: VaultPayload): void {
  for (const b of p.offlineKeys.values()) b.fill(0);
  p.offlineKeys.clear();
  p.passphrases.clear();
}
