import type { RootKeyView } from '../../../../shared/dto/repo-lookup';
import type { RoleSpec } from '../../tuf/role-check';
import type { SignedFile } from '../../tuf/signed-file';
import { readTufKey, type TufKey } from '../../tuf/tuf-key';

/** The root role of a root.json: its key IDs, threshold and keys, read defensively. */
export function rootRoleOf(root: SignedFile): RoleSpec & { raw: Record<string, unknown> } {
  const s = root.signed as { keys?: unknown; roles?: unknown };
  const raw = typeof s.keys === 'object' && s.keys !== null ? (s.keys as Record<string, unknown>) : {};
  const r = typeof s.roles === 'object' && s.roles !== null ? (s.roles as Record<string, { keyids?: unknown; threshold?: unknown }>).root : undefined;
  const keyids = Array.isArray(r?.keyids) ? r.keyids.filter((k): k is string => typeof k === 'string') : [];
  const threshold = Number.isSafeInteger(r?.threshold) ? (r!.threshold as number) : 1;
  const keys = new Map<string, TufKey>(keyids.filter((id) => id in raw).map((id) => [id, readTufKey(raw[id])] as const));
  return { role: 'root', keyids, threshold, keys, raw };
}

/** The root keys as the TOFU screen shows them: both IDs, the certificate's subject and validity. */
export function rootKeyViews(root: SignedFile): RootKeyView[] {
  const spec = rootRoleOf(root);
  return spec.keyids.map((id) => {
    const k = spec.keys.get(id);
    const cert = k?.cert ?? null;
    return {
      id,
      canonicalId: k?.canonicalId ?? null,
      type: k?.type ?? '?',
      subject: cert?.commonName ?? null,
      notBefore: cert ? cert.notBefore.toISOString() : null,
      notAfter: cert ? cert.notAfter.toISOString() : null,
      isCa: cert?.isCa ?? false,
    };
  });
}

export const rootVersionOf = (root: SignedFile): number | null =>
  Number.isSafeInteger(root.signed.version) ? (root.signed.version as number) : null;
