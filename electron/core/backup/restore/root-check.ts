import { checkRole } from '../../tuf/role-check';
import { parseSignedFile } from '../../tuf/signed-file';
import { readTufKey, type TufKey } from '../../tuf/tuf-key';
import { sha256Hex } from '../compare';
import type { OpenedBackup } from '../open-backup';

/**
 * Issue 12, point 1: restoring never plants trust. A pinned root (tuf/<gun>/metadata/root.json) decides which keys a
 * consumer trusts for a repository, so one comes back from a backup only when
 * - the backup is one of ours and authenticated: an age file (its passphrase authenticates every byte) whose manifest
 *   lists this root with this path and SHA-256. A plain tar.gz, or an unencrypted manifest, proves nothing;
 * - it parses as a notary root for that GUN signed by its own root keys (threshold met, certificates naming the GUN);
 * and then only when the user picks it (never preselected), seeing the GUN and the root key IDs.
 */

export interface RootVerdict {
  /** The root role's key IDs (canonical, as `notary key list` shows them, when the key yields one). */
  keyIds: string[];
  /** Why it cannot be restored; null when it can. */
  problem: string | null;
}

/** Whether the backup authenticates this root: encrypted, with a manifest listing it byte for byte. */
export function authenticatedRoot(opened: OpenedBackup, gun: string, rel: string, data: Buffer): string | null {
  if (!opened.encrypted || !opened.manifest) {
    return 'a pinned root is restored only from an encrypted Trust Vault backup, whose manifest vouches for it; this archive cannot (its keys are restored, its roots are not)';
  }
  const listed = opened.manifest.pinnedRoots.find((r) => r.gun === gun);
  if (!listed || listed.path !== rel || listed.sha256 !== sha256Hex(data)) return 'this root is not the one the backup’s manifest lists';
  return null;
}

/** Parses a root.json and checks it is a root for `gun` signed by its own root keys. */
export function checkSelfSignedRoot(gun: string, data: Buffer): RootVerdict {
  const parsed = parseSignedFile(data);
  if (!parsed.ok) return { keyIds: [], problem: `root.json does not parse: ${parsed.reason}` };
  const signed = parsed.file.signed as { _type?: unknown; keys?: unknown; roles?: { root?: { keyids?: unknown; threshold?: unknown } } };
  if (signed._type !== 'Root' && signed._type !== 'root') return { keyIds: [], problem: 'root.json is not a root (its _type is not Root)' };
  const listed = signed.roles?.root?.keyids;
  const threshold = signed.roles?.root?.threshold;
  if (typeof signed.keys !== 'object' || signed.keys === null || !Array.isArray(listed) || !Number.isSafeInteger(threshold) || (threshold as number) < 1) {
    return { keyIds: [], problem: 'root.json lacks its keys, the root role or its threshold' };
  }
  const keyids = listed.filter((id): id is string => typeof id === 'string');
  const keys = new Map<string, TufKey>();
  for (const id of keyids) if (Object.hasOwn(signed.keys, id)) keys.set(id, readTufKey((signed.keys as Record<string, unknown>)[id]));
  const shown = keyids.map((id) => keys.get(id)?.canonicalId ?? id);
  const check = checkRole(parsed.file, {
    role: 'root',
    keyids,
    threshold: threshold as number,
    keys,
    // Notary's root keys are certificates naming the GUN: one naming another repository cannot vouch for this one.
    rejectKey: (k) => (k.cert && k.cert.commonName !== gun ? `the root certificate names ${k.cert.commonName ?? 'no repository'}, not ${gun}` : null),
  });
  if (!check.met) {
    const why = check.signatures.find((s) => !s.valid);
    return { keyIds: shown, problem: `root.json is not signed by its own root keys (${check.validKeys} of ${threshold} valid${why?.reason ? `: ${why.reason}` : ''})` };
  }
  return { keyIds: shown, problem: null };
}
