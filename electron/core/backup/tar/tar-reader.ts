import { VaultError } from '../../errors';
import { ByteSource } from '../byte-source';
import { normaliseEntryPath, showPath } from './entry-path';
import { kindOf } from './entry-type';
import { DEFAULT_TAR_LIMITS, MAX_META_HEADERS_IN_A_ROW, MAX_META_RECORD_BYTES, MAX_TRAILING_PADDING_BYTES, type TarLimits } from './limits';
import { parsePaxRecords } from './pax';
import { BLOCK_SIZE, cString, decodeHeader, isZeroBlock, paddingFor, type DecodedHeader } from './tar-header';

export interface TarEntry {
  path: string;
  type: 'file' | 'dir';
  mode: number;
  size: number;
  mtime: Date;
  data: Buffer | null;
}

export interface ReadTarOptions {
  limits?: Partial<TarLimits>;
  /**
   * Whether to keep an entry's bytes (data: Buffer) or skip them unbuffered (data: null). Default: keep all. A
   * number keeps it with that cap instead of maxKeptEntryBytes (a backup's manifest grows with its keys).
   */
  keepData?: (path: string, size: number) => boolean | number;
  /**
   * For a kept entry: a function that takes its bytes a slice at a time as they are read, instead of one buffer
   * (data: null then). For a big entry read as it streams (a backup's manifest); the caps of keepData still apply.
   */
  streamData?: (path: string) => ((slice: Buffer) => void) | null;
}

const refused = (raw: string, problem: string) => new VaultError('ARCHIVE_REFUSED', `archive entry ${showPath(raw)} ${problem}`);
const damaged = (message: string) => new VaultError('BACKUP_DAMAGED', message);
const truncated = (message: string) => new VaultError('BACKUP_TRUNCATED', message);

/** What pax 'x' and GNU 'L' records said about the entry that follows them. */
interface Pending {
  paxPath?: string;
  paxSize?: number;
  longName?: string;
  records: number;
}

/**
 * Reads an uncompressed tar stream, yielding each file and folder after its data is read. Every limit is checked
 * from the header, before the data it guards is read; the first problem ends the read with a VaultError.
 */
export async function* readTar(source: AsyncIterable<Uint8Array>, options: ReadTarOptions = {}): AsyncGenerator<TarEntry> {
  const input = new ByteSource(source);
  try {
    yield* readEntries(input, limitsWith(options.limits), options.keepData ?? (() => true), options.streamData ?? (() => null));
  } finally {
    await input.close();
  }
}

/** The defaults, overridden only by limits actually given (an explicit undefined must not switch one off). */
function limitsWith(given: Partial<TarLimits> = {}): TarLimits {
  const defined = Object.entries(given).filter(([, v]) => v !== undefined);
  return { ...DEFAULT_TAR_LIMITS, ...(Object.fromEntries(defined) as Partial<TarLimits>) };
}

async function* readEntries(
  input: ByteSource,
  limits: TarLimits,
  keepData: (path: string, size: number) => boolean | number,
  streamData: (path: string) => ((slice: Buffer) => void) | null,
): AsyncGenerator<TarEntry> {
  const seen = new Set<string>();
  let entries = 0;
  let unpacked = 0;
  let pending: Pending = { records: 0 };

  /** Counts `size` more bytes against the unpacked limit; checked before they are read. */
  const reserve = (raw: string, size: number) => {
    unpacked += size;
    if (unpacked > limits.maxUnpackedBytes) {
      throw refused(raw, `would take the archive past ${limits.maxUnpackedBytes} bytes unpacked (it declares ${size} bytes)`);
    }
  };

  for (;;) {
    const at = input.position;
    const block = await input.read(BLOCK_SIZE);
    if (block.length === 0) throw truncated(`the archive ends at byte ${at} without its end-of-archive marker`);
    if (block.length < BLOCK_SIZE) throw truncated(`the archive ends inside the header at byte ${at}`);
    if (isZeroBlock(block)) {
      await readEndOfArchive(input, pending);
      return;
    }
    const decoded = decodeHeader(block);
    if (!decoded.ok) throw damaged(`archive entry ${showPath(decoded.name)} at byte ${at} ${decoded.problem}`);
    const header = decoded.header;
    const kind = kindOf(header.typeflag, pending.paxPath ?? pending.longName ?? header.name);

    if (kind.kind === 'pax' || kind.kind === 'pax-global' || kind.kind === 'gnu-long-name') {
      if (++pending.records > MAX_META_HEADERS_IN_A_ROW) throw refused(header.name, `is one of more than ${MAX_META_HEADERS_IN_A_ROW} extended headers in a row`);
      if (header.size > MAX_META_RECORD_BYTES) throw refused(header.name, `is an extended header of ${header.size} bytes (more than ${MAX_META_RECORD_BYTES})`);
      reserve(header.name, header.size);
      const data = await readData(input, header.name, header.size);
      if (kind.kind === 'gnu-long-name') pending.longName = decodeLongName(data, header.name);
      else applyPax(pending, data, header.name, kind.kind === 'pax-global', at);
      continue;
    }

    const raw = pending.paxPath ?? pending.longName ?? header.name;
    const size = pending.paxSize ?? header.size;
    pending = { records: 0 };
    if (kind.kind === 'refused') throw refused(raw, `is ${kind.what}; a backup holds only files and folders`);
    if (!header.nameIsUtf8 && raw === header.name) throw refused(raw, 'has a path that is not valid UTF-8');
    const check = normaliseEntryPath(raw);
    if (!check.ok) throw refused(raw, check.reason);
    if (kind.kind === 'dir' && size !== 0) throw refused(raw, `is a folder that declares ${size} bytes of data`);
    if (check.path === '' && kind.kind === 'file') throw refused(raw, 'is a file with an empty path');
    if (seen.has(check.path)) throw refused(raw, `appears more than once (as ${showPath(check.path)})`);
    seen.add(check.path);
    if (++entries > limits.maxEntries) throw refused(raw, `takes the archive past ${limits.maxEntries} entries`);
    reserve(raw, size);
    // "./", the archive's own root (tar -C dir -czf x.tgz .), is not an entry a restore can create.
    if (check.path === '') continue;

    const wanted = kind.kind === 'file' ? keepData(check.path, size) : false;
    const keep = wanted !== false;
    const cap = typeof wanted === 'number' ? Math.min(wanted, limits.maxUnpackedBytes) : limits.maxKeptEntryBytes;
    if (keep && size > cap) throw refused(raw, `is ${size} bytes, more than the ${cap} ${typeof wanted === 'number' ? 'allowed for it' : 'a key file may be'}`);
    const sink = keep ? streamData(check.path) : null;
    const data = sink ? (await streamEntryData(input, raw, size, sink), null) : keep ? await readData(input, raw, size) : (await skipData(input, raw, size), null);
    yield entryOf(check.path, kind.kind, header, size, data);
  }
}

function entryOf(path: string, type: 'file' | 'dir', header: DecodedHeader, size: number, data: Buffer | null): TarEntry {
  return { path, type, mode: header.mode, size, mtime: new Date(header.mtime * 1000), data };
}

/** Reads an entry's data and the padding after it. */
async function readData(input: ByteSource, raw: string, size: number): Promise<Buffer> {
  // Kept data must not pin the (up to 64 KiB) slice it came in, so a view is copied; a read that had to gather
  // several slices already made its own buffer of exactly this size, which is kept as it is (a 36 MB manifest
  // would otherwise be held twice).
  const read = await input.read(size);
  const data = read.byteOffset === 0 && read.buffer.byteLength === read.length && read.length > 4096 ? read : Buffer.from(read);
  if (data.length < size) throw truncated(`the archive ends inside the data of ${showPath(raw)}`);
  await skipPadding(input, raw, size);
  return data;
}

/** Hands an entry's data to `sink` in slices of at most 64 KiB as they are read, then skips its padding. */
async function streamEntryData(input: ByteSource, raw: string, size: number, sink: (slice: Buffer) => void): Promise<void> {
  for (let left = size; left > 0; ) {
    const slice = await input.read(Math.min(left, 64 * 1024));
    if (slice.length === 0) throw truncated(`the archive ends inside the data of ${showPath(raw)}`);
    sink(slice);
    left -= slice.length;
  }
  await skipPadding(input, raw, size);
}

async function skipData(input: ByteSource, raw: string, size: number): Promise<void> {
  if ((await input.skip(size)) < size) throw truncated(`the archive ends inside the data of ${showPath(raw)}`);
  await skipPadding(input, raw, size);
}

async function skipPadding(input: ByteSource, raw: string, size: number): Promise<void> {
  const padding = paddingFor(size);
  if ((await input.skip(padding)) < padding) throw truncated(`the archive ends inside the data of ${showPath(raw)}`);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A GNU ././@LongLink 'L' record: the next entry's name, NUL-terminated. */
function decodeLongName(data: Uint8Array, headerName: string): string {
  try {
    return utf8.decode(cString(data));
  } catch {
    throw refused(headerName, 'holds a long name that is not valid UTF-8');
  }
}

/** Takes what matters from a pax record set: path and size of the next entry; a global header changes nothing. */
function applyPax(pending: Pending, data: Uint8Array, headerName: string, global: boolean, at: number): void {
  let records: Map<string, string>;
  try {
    records = parsePaxRecords(data);
  } catch (e) {
    throw damaged(`the pax header ${showPath(headerName)} at byte ${at} is malformed: ${(e as Error).message}`);
  }
  // GNU sparse files in pax form look like ordinary files whose data is a sparse map: not the file's bytes.
  for (const key of records.keys()) {
    if (key.startsWith('GNU.sparse.')) throw refused(records.get('path') ?? headerName, 'is a GNU sparse file; a backup holds only whole files');
  }
  if (global) return;
  const path = records.get('path');
  // An empty value removes the keyword: the header's own name applies again.
  if (path !== undefined) pending.paxPath = path === '' ? undefined : path;
  const size = records.get('size');
  if (size !== undefined && size !== '') {
    const n = /^[0-9]{1,16}$/.test(size) ? Number(size) : NaN;
    if (!Number.isSafeInteger(n)) throw damaged(`the pax header ${showPath(headerName)} at byte ${at} has an invalid size ${showPath(size)}`);
    pending.paxSize = n;
  }
}

/**
 * After a first zero block: the second one must follow, nothing may be pending, and what is left (GNU tar pads to
 * its record size) must be zeros, and not endless zeros either.
 */
async function readEndOfArchive(input: ByteSource, pending: Pending): Promise<void> {
  const at = input.position - BLOCK_SIZE;
  const second = await input.read(BLOCK_SIZE);
  if (second.length < BLOCK_SIZE) throw truncated(`the archive ends inside its end-of-archive marker at byte ${at}`);
  if (!isZeroBlock(second)) throw damaged(`the archive has a lone zero block at byte ${at}`);
  if (pending.records > 0) throw damaged('the archive ends with an extended header that describes no entry');
  let trailing = 0;
  for (;;) {
    const chunk = await input.read(64 * 1024);
    if (!isZeroBlock(chunk)) throw damaged(`the archive has data after its end-of-archive marker (near byte ${input.position - chunk.length})`);
    trailing += chunk.length;
    if (trailing > MAX_TRAILING_PADDING_BYTES) throw damaged(`the archive has more than ${MAX_TRAILING_PADDING_BYTES} bytes of padding after its end`);
    if (chunk.length < 64 * 1024) return;
  }
}
