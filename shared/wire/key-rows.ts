import type { KeyInfo, KeyListing } from '../dto/keys';

/**
 * The key listing packed for the trip from main to the page (`keys.list`'s answer, shared/wire/codecs.ts): one array of values per key instead of one
 * object, and what can be derived left out: the file of a key in the current layout (`private/<id>.key`) and the
 * absolute path (the trust dir joined with the file). For 10,000 keys that is 2.2 MB to carry instead of 5 MB; every
 * byte of it is serialized in main, copied across the IPC and the context bridge, and parsed in the page before the
 * list can show (issue 17).
 *
 * Nothing is lost: a value that differs from what would be derived is sent as it is, and every field a row does not
 * name (token, problem, pending... and any added to KeyInfo later) travels in the row's last element. So
 * unpackKeyRows(packKeyRows(listing)) equals the listing.
 */

type Nullable<T> = T | null;

/** id, role, gun, kind, algorithm, location, file (null: derived), path (null: derived), layout, format, encrypted, status, writtenAt, the rest (0: none). */
export type KeyRow = [
  id: string,
  role: KeyInfo['role'],
  gun: KeyInfo['gun'],
  kind: KeyInfo['kind'],
  algorithm: KeyInfo['algorithm'],
  location: KeyInfo['location'],
  file: Nullable<string>,
  path: Nullable<string>,
  layout: KeyInfo['layout'],
  format: KeyInfo['format'],
  encrypted: boolean,
  status: KeyInfo['status'],
  writtenAt: Nullable<string>,
  rest: Partial<KeyInfo> | 0,
];

/** Names the packed form (and its version), so that nothing else is ever taken for it. */
export const KEY_ROWS = 'key-rows/1';

export interface KeyRowsListing {
  packed: typeof KEY_ROWS;
  trustDir: string;
  rows: KeyRow[];
  notices?: string[];
}

const ROW_FIELDS = new Set(['id', 'role', 'gun', 'kind', 'algorithm', 'location', 'file', 'path', 'layout', 'format', 'encrypted', 'status', 'writtenAt']);

const fileOf = (id: string): string => `private/${id}.key`;
const pathOf = (trustDir: string, file: string): string => `${trustDir}${trustDir.endsWith('/') ? '' : '/'}${file}`;

export function packKeyRows(listing: KeyListing): KeyRowsListing {
  const { trustDir } = listing;
  const rows = listing.keys.map((k): KeyRow => {
    let rest: Partial<KeyInfo> | 0 = 0;
    for (const name in k) {
      const value = k[name as keyof KeyInfo];
      if (ROW_FIELDS.has(name) || value === undefined) continue;
      (rest ||= {})[name as 'id'] = value as string;
    }
    return [
      k.id,
      k.role,
      k.gun,
      k.kind,
      k.algorithm,
      k.location,
      k.file === fileOf(k.id) ? null : k.file,
      k.path === pathOf(trustDir, k.file) ? null : k.path,
      k.layout,
      k.format,
      k.encrypted,
      k.status,
      k.writtenAt ?? null,
      rest,
    ];
  });
  return { packed: KEY_ROWS, trustDir, rows, ...(listing.notices ? { notices: listing.notices } : {}) };
}

export const isKeyRowsListing = (value: unknown): value is KeyRowsListing =>
  typeof value === 'object' && value !== null && (value as { packed?: unknown }).packed === KEY_ROWS;

export function unpackKeyRows(packed: KeyRowsListing): KeyListing {
  const { trustDir } = packed;
  const keys = packed.rows.map((r): KeyInfo => {
    const file = r[6] ?? fileOf(r[0]);
    const key: KeyInfo = {
      id: r[0],
      role: r[1],
      gun: r[2],
      kind: r[3],
      algorithm: r[4],
      location: r[5],
      path: r[7] ?? pathOf(trustDir, file),
      file,
      layout: r[8],
      format: r[9],
      encrypted: r[10],
      status: r[11],
    };
    if (r[12] !== null) key.writtenAt = r[12];
    return r[13] === 0 ? key : { ...key, ...r[13] };
  });
  return { trustDir, keys, ...(packed.notices ? { notices: packed.notices } : {}) };
}
