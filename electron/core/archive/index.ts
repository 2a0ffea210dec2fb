/**
 * The verified archive of repositories' trust data (issue 15, point 4). The public API: write one, verify one, and
 * read its inventory (shape: shared/dto/archive.ts), which the migration kit builds on.
 */
import type { ArchiveInventoryRow } from '../../../shared/dto/archive';
import { VaultError } from '../errors';
import { verifyArchive } from './verify-archive';

export { type ArchiveOptions, writeArchive } from './write-archive';
export { verifyArchive } from './verify-archive';
export { inventoryCsv, inventoryJson, inventoryRows } from './inventory';
export { INVENTORY_CSV, INVENTORY_JSON, MANIFEST } from './archive-files';

/** The inventory of an archive, only once the whole archive verifies; throws ARCHIVE_DAMAGED naming the first bad file. */
export function readVerifiedInventory(dir: string): ArchiveInventoryRow[] {
  const r = verifyArchive(dir);
  if (!r.ok) {
    const first = r.problems[0]!;
    throw new VaultError('ARCHIVE_DAMAGED', `${first.file}: ${first.message}${r.problems.length > 1 ? ` (and ${r.problems.length - 1} more problems)` : ''}`);
  }
  return r.rows;
}
