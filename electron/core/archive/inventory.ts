import { ARCHIVE_FORMAT, type ArchiveInventory, type ArchiveInventoryRow, INVENTORY_CSV_COLUMNS } from '../../../shared/dto/archive';
import type { RepoStatus } from '../../../shared/dto/status';

/**
 * The inventory of one verified repository: one row per signed tag as the status lists it (the tags `notary list`
 * prints: the same name, digest, size and role), with the signing role's key IDs and the root's.
 */
export function inventoryRows(status: RepoStatus, server: string, verifiedAt: string): ArchiveInventoryRow[] {
  const rootKeyIds = status.roles.find((r) => r.role === 'root')?.keys.map((k) => k.id) ?? [];
  const keysOf = (role: string) =>
    (role === 'targets' ? status.roles.find((r) => r.role === 'targets')?.keys : status.delegations.find((d) => d.name === role)?.keys)?.map((k) => k.id) ?? [];
  return status.tags
    .map((t) => ({ gun: status.gun, tag: t.name, digest: t.digest, size: t.size, role: t.role, roleKeyIds: keysOf(t.role), verifiedAt, rootKeyIds, server }))
    .sort(byGunAndTag);
}

/** The inventory's one order: by GUN, then tag, bytewise (the writer and the verifier must agree byte for byte). */
export function byGunAndTag(a: ArchiveInventoryRow, b: ArchiveInventoryRow): number {
  return a.gun === b.gun ? (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0) : a.gun < b.gun ? -1 : 1;
}

export function inventoryJson(rows: ArchiveInventoryRow[]): string {
  const doc: ArchiveInventory = { format: ARCHIVE_FORMAT, rows };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** RFC 4180: quoted when a field holds a comma, quote or line break; key ID lists joined by spaces. */
const cell = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function inventoryCsv(rows: ArchiveInventoryRow[]): string {
  const lines = [INVENTORY_CSV_COLUMNS.join(',')];
  for (const r of rows)
    lines.push([r.gun, r.tag, r.digest, String(r.size), r.role, r.roleKeyIds.join(' '), r.verifiedAt, r.rootKeyIds.join(' '), r.server].map(cell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
