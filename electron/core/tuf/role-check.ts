import type { RoleKey, SignatureCheck } from '../../../shared/dto/status';
import { canonicalJson } from './canonical-json';
import type { SignedFile } from './signed-file';
import type { TufKey } from './tuf-key';
import { checkSignature } from './verify-signature';

/** The keys a role may be signed by, as its parent (root, or a targets file for a delegation) lists them. */
export interface RoleSpec {
  role: string;
  keyids: string[];
  threshold: number;
  /** Every key the parent defines, by the ID it is listed under. */
  keys: Map<string, TufKey>;
  /** Extra reason a listed key may not count (e.g. a root certificate that is expired or names another GUN). */
  rejectKey?: (key: TufKey) => string | null;
}

export interface RoleCheck {
  keys: RoleKey[];
  signatures: SignatureCheck[];
  /** Distinct listed keys with a valid signature. */
  validKeys: number;
  met: boolean;
  /** Set when canonical JSON of `signed` cannot be made (e.g. a float): nothing can verify then. */
  canonicalError: string | null;
}

/**
 * Checks a file's signatures against a role: a signature counts only when its keyid is listed for the role, the
 * key listed under that ID really hashes to it, and the signature verifies over canonicalJson(signed). The
 * threshold is over distinct key IDs, so the same key signing twice counts once.
 */
export function checkRole(file: SignedFile, spec: RoleSpec): RoleCheck {
  const listed = [...new Set(spec.keyids)];
  const keys: RoleKey[] = listed.map((id) => {
    const k = spec.keys.get(id);
    return { id, type: k?.type ?? 'missing', canonicalId: k?.canonicalId ?? null };
  });
  let message: Buffer | null = null;
  let canonicalError: string | null = null;
  try {
    // The file's own bytes when they are already canonical (the usual case), else a fresh encoding.
    message = file.canonicalSigned ?? Buffer.from(canonicalJson(file.signed), 'utf8');
  } catch (e) {
    canonicalError = e instanceof Error ? e.message : String(e);
  }
  const good = new Set<string>();
  const signatures = file.signatures.map(({ keyid, method, sig }): SignatureCheck => {
    const reason = reasonInvalid(keyid, method, sig, listed, spec, message, canonicalError);
    if (reason === null) good.add(keyid);
    return reason === null ? { keyid, method, valid: true } : { keyid, method, valid: false, reason };
  });
  const threshold = Math.max(1, spec.threshold);
  return { keys, signatures, validKeys: good.size, met: good.size >= threshold, canonicalError };
}

function reasonInvalid(
  keyid: string,
  method: string,
  sig: string,
  listed: string[],
  spec: RoleSpec,
  message: Buffer | null,
  canonicalError: string | null,
): string | null {
  if (!listed.includes(keyid)) return `key ${keyid} is not listed for ${spec.role}`;
  const key = spec.keys.get(keyid);
  if (!key) return `key ${keyid} is listed for ${spec.role} but not defined`;
  if (key.id !== keyid) return `the key listed as ${keyid} hashes to ${key.id || 'nothing'}`;
  const rejected = spec.rejectKey?.(key);
  if (rejected) return rejected;
  if (!message) return `signed data is not canonical JSON: ${canonicalError}`;
  return checkSignature(key, method, Buffer.from(sig, 'base64'), message);
}
