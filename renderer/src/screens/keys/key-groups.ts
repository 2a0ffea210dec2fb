import type { KeyInfo, KeyKind } from '../../../../shared/dto/keys';

/** The sections of the Keys screen: the five key types, then keys whose role is unknown, then broken files. */
export type GroupId = KeyKind | 'unclassified' | 'broken';

export const GROUP_ORDER: readonly GroupId[] = ['root', 'targets', 'snapshot', 'timestamp', 'delegation', 'unclassified', 'broken'];

export const GROUPS: Record<GroupId, { title: string; sentence: string }> = {
  root: {
    title: 'Root keys',
    sentence:
      'The offline key: it certifies every other key of a repository. Losing it is not recoverable, so keep it offline and backed up.',
  },
  targets: {
    title: 'Repository keys (targets)',
    sentence: 'The repository key: it signs the list of tags of one repository (its GUN).',
  },
  snapshot: {
    title: 'Snapshot keys',
    sentence: "Signs a snapshot of the repository's metadata so clients see one consistent set; often the server holds it instead.",
  },
  timestamp: {
    title: 'Timestamp keys',
    sentence: 'Held by the notary server: it signs how fresh the metadata is. A local copy is unusual.',
  },
  delegation: {
    title: 'Delegation and signer keys',
    sentence: 'Signers: keys of people or CI systems allowed to sign tags, as a delegation (targets/<name>) or a docker signer name.',
  },
  unclassified: {
    title: 'Keys without a known role',
    sentence: 'Readable keys whose role the vault could not place; notary may still use them.',
  },
  broken: {
    title: 'Files that could not be read',
    sentence: 'Files in private/ that are not usable keys. They are listed with the reason and never changed.',
  },
};

export function groupOf(key: KeyInfo): GroupId {
  if (key.status === 'broken') return 'broken';
  return key.kind ?? 'unclassified';
}

export type Row =
  | { type: 'header'; group: GroupId; count: number }
  | { type: 'key'; key: KeyInfo; group: GroupId };

/**
 * A row's identity: one key ID can have two rows (its file and its copy on a token, or copies on two tokens), so the
 * ID alone is not unique.
 */
export const rowKeyOf = (key: Pick<KeyInfo, 'location' | 'id' | 'token'>): string => `${key.location}:${key.id}:${key.token?.id ?? ''}`;

/** Every listed copy of a key ID: its file and its token copies, file first. */
export function copiesOf(keys: readonly KeyInfo[], id: string): KeyInfo[] {
  return keys.filter((k) => k.id === id).sort((a, b) => byLocation(a, b));
}

/** Case-insensitive match on ID, role, GUN, file and token label. An empty query matches everything. */
export function matchesQuery(key: KeyInfo, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return (
    key.id.includes(q) ||
    (key.role ?? '').toLowerCase().includes(q) ||
    (key.gun ?? '').toLowerCase().includes(q) ||
    key.file.toLowerCase().includes(q) ||
    (key.token?.label ?? '').toLowerCase().includes(q)
  );
}

const byLocation = (a: KeyInfo, b: KeyInfo): number =>
  (a.location === b.location ? 0 : a.location === 'file' ? -1 : 1) || (a.token?.id ?? '').localeCompare(b.token?.id ?? '');

const byGunRoleId = (a: KeyInfo, b: KeyInfo): number =>
  (a.gun ?? '').localeCompare(b.gun ?? '') || (a.role ?? '').localeCompare(b.role ?? '') || a.id.localeCompare(b.id) || byLocation(a, b);

/** How the key list is ordered: grouped by role (the default), or one flat list by GUN, file date or backup state. */
export type KeyOrder = 'role' | 'gun' | 'created' | 'backup';

const roleRank = (k: KeyInfo): number => GROUP_ORDER.indexOf(groupOf(k));

/**
 * A flat list, no group headers: by GUN (keys without one last), by when the file was written (newest first), or by
 * backup state (least covered first: `backupRank` gives each key's rank). Ties fall back to role, then GUN and ID.
 */
function flatRows(keys: readonly KeyInfo[], query: string, order: Exclude<KeyOrder, 'role'>, backupRank: (k: KeyInfo) => number): Row[] {
  const tie = (a: KeyInfo, b: KeyInfo) => roleRank(a) - roleRank(b) || byGunRoleId(a, b);
  const cmp: Record<typeof order, (a: KeyInfo, b: KeyInfo) => number> = {
    gun: (a, b) => Number(a.gun === null) - Number(b.gun === null) || (a.gun ?? '').localeCompare(b.gun ?? '') || tie(a, b),
    created: (a, b) => (b.writtenAt ?? '').localeCompare(a.writtenAt ?? '') || tie(a, b),
    backup: (a, b) => backupRank(a) - backupRank(b) || tie(a, b),
  };
  return keys
    .filter((k) => matchesQuery(k, query))
    .sort(cmp[order])
    .map((key) => ({ type: 'key', key, group: groupOf(key) }));
}

/**
 * The flat list of rows the virtual list renders: by role, a header row per non-empty group, then its keys; in the
 * other orders, the matching keys without headers.
 */
export function buildRows(keys: readonly KeyInfo[], query = '', order: KeyOrder = 'role', backupRank: (k: KeyInfo) => number = () => 0): Row[] {
  if (order !== 'role') return flatRows(keys, query, order, backupRank);
  const buckets = new Map<GroupId, KeyInfo[]>();
  for (const key of keys) {
    if (!matchesQuery(key, query)) continue;
    const g = groupOf(key);
    let bucket = buckets.get(g);
    if (!bucket) buckets.set(g, (bucket = []));
    bucket.push(key);
  }
  const rows: Row[] = [];
  for (const group of GROUP_ORDER) {
    const bucket = buckets.get(group);
    if (!bucket?.length) continue;
    bucket.sort(byGunRoleId);
    rows.push({ type: 'header', group, count: bucket.length });
    for (const key of bucket) rows.push({ type: 'key', key, group });
  }
  return rows;
}

/**
 * Index of the next (dir = 1) or previous (dir = -1) key row from `from`, skipping headers and, when `skipId` is
 * given, the other rows of that key ID (its other copies); -1 if none.
 */
export function nextKeyRow(rows: readonly Row[], from: number, dir: 1 | -1, skipId?: string): number {
  for (let i = from + dir; i >= 0 && i < rows.length; i += dir) {
    const r = rows[i]!;
    if (r.type === 'key' && r.key.id !== skipId) return i;
  }
  return -1;
}

export function countByGroup(keys: readonly KeyInfo[]): Record<GroupId, number> {
  const counts = Object.fromEntries(GROUP_ORDER.map((g) => [g, 0])) as Record<GroupId, number>;
  for (const key of keys) counts[groupOf(key)]++;
  return counts;
}
