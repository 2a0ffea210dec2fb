import { VaultError } from '../../errors';
import { isCanonicalEntryPath, showPath } from './entry-path';
import { encodePaxRecords } from './pax';
import { BLOCK_SIZE, paddingFor, sealChecksum, writeBytes, writeOctal } from './tar-header';

export interface TarInput {
  path: string;
  type: 'file' | 'dir';
  mode: number;
  data?: Uint8Array;
}

const NAME_MAX = 100;
const PREFIX_MAX = 155;

/**
 * Writes a POSIX ustar archive byte for byte the same for the same input: entries in the order given, uid/gid 0,
 * no owner names, one mtime for all. A path ustar cannot hold (too long, or not ASCII) gets a pax 'x' record, the
 * portable way; GNU-only records would not be.
 */
export function packTar(entries: TarInput[], options: { mtime: Date }): Buffer {
  const writer = new TarHeaderWriter(options.mtime);
  const parts: Uint8Array[] = [];
  for (const entry of entries) {
    const data = entry.data ?? new Uint8Array(0);
    parts.push(writer.header({ path: entry.path, type: entry.type, mode: entry.mode }, data.length), data, Buffer.alloc(paddingFor(data.length)));
  }
  parts.push(endOfArchive());
  return Buffer.concat(parts);
}

/** End of archive: two zero blocks. */
export const endOfArchive = (): Buffer => Buffer.alloc(2 * BLOCK_SIZE);

/**
 * The header blocks of one entry at a time, for writing an archive as a stream (the data, then paddingFor(size)
 * zeros, follow each header): the same bytes packTar writes, with the same checks, without the whole archive.
 */
export class TarHeaderWriter {
  readonly #mtime: number;
  readonly #seen = new Set<string>();

  constructor(mtime: Date) {
    const seconds = Math.floor(mtime.getTime() / 1000);
    // ustar holds 0 .. 8^11-1 seconds (to the year 2242); a backup stamped outside that is a caller's bug.
    if (!(seconds >= 0 && seconds < 8 ** 11)) throw new VaultError('INVALID_ARGUMENT', `cannot stamp an archive with ${mtime.toString()}`);
    this.#mtime = seconds;
  }

  header(entry: Omit<TarInput, 'data'>, size: number): Buffer {
    checkInput(entry, this.#seen);
    if (entry.type === 'dir' && size > 0) throw new VaultError('INVALID_ARGUMENT', `cannot put ${showPath(entry.path)} in an archive: a folder has no data`);
    if (!Number.isSafeInteger(size) || size < 0) throw new VaultError('INVALID_ARGUMENT', `cannot put ${showPath(entry.path)} in an archive: bad size ${size}`);
    const name = entry.type === 'dir' ? `${entry.path}/` : entry.path;
    const split = splitUstarName(name);
    const parts: Uint8Array[] = [];
    if (!split) parts.push(...withPadding(paxHeader(name, this.#mtime), encodePaxRecords([['path', name]])));
    parts.push(ustarHeader({ ...(split ?? fallbackName(name)), mode: entry.mode, size, mtime: this.#mtime, typeflag: entry.type === 'dir' ? '5' : '0' }));
    return Buffer.concat(parts);
  }
}

function checkInput(entry: Omit<TarInput, 'data'>, seen: Set<string>): void {
  const what = `cannot put ${showPath(entry.path)} in an archive`;
  if (!isCanonicalEntryPath(entry.path)) throw new VaultError('INVALID_ARGUMENT', `${what}: not a plain relative path`);
  if (seen.has(entry.path)) throw new VaultError('INVALID_ARGUMENT', `${what}: it is listed twice`);
  seen.add(entry.path);
  if (!Number.isInteger(entry.mode) || entry.mode < 0 || entry.mode > 0o7777) throw new VaultError('INVALID_ARGUMENT', `${what}: bad mode ${entry.mode}`);
}

const withPadding = (header: Uint8Array, data: Uint8Array): Uint8Array[] => [header, data, Buffer.alloc(paddingFor(data.length))];

/** ustar name/prefix for a path, or null if it needs pax (not ASCII, or no split fits 155 + "/" + 100). */
export function splitUstarName(name: string): { name: string; prefix: string } | null {
  if (!/^[\x20-\x7e]*$/.test(name)) return null;
  if (name.length <= NAME_MAX) return { name, prefix: '' };
  // The name part keeps a dir's trailing "/"; the split "/" itself is stored in neither field.
  for (let i = name.indexOf('/'); i >= 0 && i <= PREFIX_MAX; i = name.indexOf('/', i + 1)) {
    const rest = name.slice(i + 1);
    if (rest.length <= NAME_MAX && rest !== '' && rest !== '/' && i > 0) return { prefix: name.slice(0, i), name: rest };
  }
  return null;
}

/** What old readers that ignore pax see: the path made ASCII and cut to fit. The pax record is what counts. */
function fallbackName(name: string): { name: string; prefix: string } {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_');
  return splitUstarName(ascii) ?? { name: ascii.slice(0, NAME_MAX), prefix: '' };
}

function paxHeader(name: string, mtime: number): Uint8Array {
  const base = name.replace(/\/$/, '').split('/').pop() ?? '';
  // A reader that does not know pax extracts this as a file, so give it a harmless name in its own folder.
  const headerName = `PaxHeaders/${base}`.replace(/[^\x20-\x7e]/g, '_').slice(0, NAME_MAX);
  const size = encodePaxRecords([['path', name]]).length;
  return ustarHeader({ name: headerName, prefix: '', mode: 0o600, size, mtime, typeflag: 'x' });
}

interface HeaderFields {
  name: string;
  prefix: string;
  mode: number;
  size: number;
  mtime: number;
  typeflag: string;
}

function ustarHeader(f: HeaderFields): Uint8Array {
  const block = Buffer.alloc(BLOCK_SIZE);
  writeBytes(block, 'name', Buffer.from(f.name, 'latin1'));
  writeOctal(block, 'mode', f.mode);
  writeOctal(block, 'uid', 0);
  writeOctal(block, 'gid', 0);
  writeOctal(block, 'size', f.size);
  writeOctal(block, 'mtime', f.mtime);
  writeBytes(block, 'typeflag', Buffer.from(f.typeflag, 'latin1'));
  writeBytes(block, 'magic', Buffer.from('ustar\0', 'latin1'));
  writeBytes(block, 'version', Buffer.from('00', 'latin1'));
  writeOctal(block, 'devmajor', 0);
  writeOctal(block, 'devminor', 0);
  writeBytes(block, 'prefix', Buffer.from(f.prefix, 'latin1'));
  sealChecksum(block);
  return block;
}
