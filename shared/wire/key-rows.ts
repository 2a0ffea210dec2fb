import type { KeyInfo, KeyListing } from '../dto/keys';

/**
 * The key listing packed for the trip from main to the page (`keys.list`'s answer, shared/wire/codecs.ts): one array
 * of values per key instead of one object; the short strings that repeat from key to key (role, GUN, kind,
 * algorithm, location, layout, format, status) once in a table, the rows holding their index; and what can be
 * derived left out: the file of a key in the current layout (`private/<id>.key`) and the absolute path (the trust
 * dir joined with the file). For 10,000 keys that is 1.4 MB to carry instead of 5 MB: every
 * byte of it is serialized in main, copied across the IPC (and the context bridge), and parsed in the page before the
 * list can show (issue 17).
 *
 * Nothing is lost: a value that differs from what would be derived is sent as it is, and every field a row does not
 * name (token, problem, pending... and any added to KeyInfo later) travels in the row's last element. So
 * unpackKeyRows(packKeyRows(listing)) equals the listing.
 */

/** An index into KeyRowsListing.strings, or -1 for null. */
type Str = number;

/**
 * id, role, gun, kind, algorithm, location, file (null: derived), path (null: derived), layout, format, encrypted,
 * status, writtenAt (null: none), the rest (0: none).
 */
export type KeyRow = [
  id: string,
  role: Str,
  gun: Str,
  kind: Str,
  algorithm: Str,
  location: Str,
  file: string | null,
  path: string | null,
  layout: Str,
  format: Str,
  encrypted: 0 | 1,
  status: Str,
  writtenAt: string | null,
  rest: Partial<KeyInfo> | 0,
];

/** Names the packed form (and its version), so that nothing else is ever taken for it. */
export const KEY_ROWS = 'key-rows/2';

export interface KeyRowsListing {
  packed: typeof KEY_ROWS;
  trustDir: string;
  strings: string[];
  rows: KeyRow[];
  notices?: string[];
}

const ROW_FIELDS = new Set(['id', 'role', 'gun', 'kind', 'algorithm', 'location', 'file', 'path', 'layout', 'format', 'encrypted', 'status', 'writtenAt']);

const fileOf = (id: string): string => `private/${id}.key`;
const pathOf = (trustDir: string, file: string): string => `${trustDir}${trustDir.endsWith('/') ? '' : '/'}${file}`;

export function packKeyRows(listing: KeyListing): KeyRowsListing {
  const { trustDir } = listing;
  const strings: string[] = [];
  const indexes = new Map<string, number>();
  const str = (s: string | null): Str => {
    if (s === null) return -1;
    let i = indexes.get(s);
    if (i === undefined) indexes.set(s, (i = strings.push(s) - 1));
    return i;
  };
  const rows = listing.keys.map((k): KeyRow => {
    let rest: Partial<KeyInfo> | 0 = 0;
    // Most keys have the row's fields alone (12, and the file date): only the others are looked through.
    if (Object.keys(k).length > ROW_FIELDS.size - (k.writtenAt === undefined ? 1 : 0)) {
      for (const name in k) {
        const value = k[name as keyof KeyInfo];
        if (ROW_FIELDS.has(name) || value === undefined) continue;
        (rest ||= {})[name as 'id'] = value as string;
      }
    }
    return [
      k.id,
      str(k.role),
      str(k.gun),
      str(k.kind),
      str(k.algorithm),
      str(k.location),
      k.file === fileOf(k.id) ? null : k.file,
      k.path === pathOf(trustDir, k.file) ? null : k.path,
      str(k.layout),
      str(k.format),
      k.encrypted ? 1 : 0,
      str(k.status),
      k.writtenAt ?? null,
      rest,
    ];
  });
  return { packed: KEY_ROWS, trustDir, strings, rows, ...(listing.notices ? { notices: listing.notices } : {}) };
}

export const isKeyRowsListing = (value: unknown): value is KeyRowsListing =>
  typeof value === 'object' && value !== null && (value as { packed?: unknown }).packed === KEY_ROWS;

export function unpackKeyRows(packed: KeyRowsListing): KeyListing {
  const { trustDir, strings } = packed;
  // The table's entries are strings of the unions KeyInfo names: packKeyRows put them there from KeyInfo fields.
  const s = <T extends string | null>(i: Str): T => (i < 0 ? null : strings[i]!) as T;
  const keys = packed.rows.map((r): KeyInfo => {
    const file = r[6] ?? fileOf(r[0]);
    const key: KeyInfo = {
      id: r[0],
      role: s(r[1]),
      gun: s(r[2]),
      kind: s(r[3]),
      algorithm: s(r[4]),
      location: s(r[5]),
      path: r[7] ?? pathOf(trustDir, file),
      file,
      layout: s(r[8]),
      format: s(r[9]),
      encrypted: r[10] === 1,
      status: s(r[11]),
    };
    if (r[12] !== null) key.writtenAt = r[12];
    return r[13] === 0 ? key : { ...key, ...r[13] };
  });
  return { trustDir, keys, ...(packed.notices ? { notices: packed.notices } : {}) };
}
