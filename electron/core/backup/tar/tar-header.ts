/**
 * The 512-byte tar header: field offsets, checksum, and the number formats (octal text, GNU base-256). Decoding
 * never trusts a field: a number that is not well-formed makes the whole header invalid.
 */

export const BLOCK_SIZE = 512;

/** Offsets and lengths of the POSIX ustar header fields (GNU reuses the same first 345 bytes). */
export const FIELD = {
  name: [0, 100],
  mode: [100, 8],
  uid: [108, 8],
  gid: [116, 8],
  size: [124, 12],
  mtime: [136, 12],
  checksum: [148, 8],
  typeflag: [156, 1],
  linkname: [157, 100],
  magic: [257, 6],
  version: [263, 2],
  uname: [265, 32],
  gname: [297, 32],
  devmajor: [329, 8],
  devminor: [337, 8],
  prefix: [345, 155],
} as const satisfies Record<string, readonly [number, number]>;

export type FieldName = keyof typeof FIELD;

/** Bytes to add after `size` bytes of data to reach a whole block. */
export const paddingFor = (size: number): number => (BLOCK_SIZE - (size % BLOCK_SIZE)) % BLOCK_SIZE;

export const fieldBytes = (block: Uint8Array, field: FieldName): Uint8Array => {
  const [offset, length] = FIELD[field];
  return block.subarray(offset, offset + length);
};

/** A text field ends at its first NUL (or fills the field). */
export const cString = (bytes: Uint8Array): Uint8Array => {
  const nul = bytes.indexOf(0);
  return nul < 0 ? bytes : bytes.subarray(0, nul);
};

export const isZeroBlock = (block: Uint8Array): boolean => block.every((b) => b === 0);

/**
 * Both checksums tar implementations have used: the sum of the header's bytes as unsigned and as signed chars,
 * with the checksum field itself counted as eight spaces. GNU tar accepts either; so do we.
 */
export function headerChecksums(block: Uint8Array): { unsigned: number; signed: number } {
  let unsigned = 0;
  let signed = 0;
  const [start, length] = FIELD.checksum;
  for (let i = 0; i < BLOCK_SIZE; i++) {
    const b = i >= start && i < start + length ? 0x20 : block[i]!;
    unsigned += b;
    signed += b >= 0x80 ? b - 0x100 : b;
  }
  return { unsigned, signed };
}

/**
 * Parses a numeric field: octal digits with optional leading spaces and a trailing space/NUL terminator, or GNU
 * base-256 (first byte 0x80 positive, 0xff negative). Returns null for anything else, including a value that is not a
 * safe integer. `emptyIsZero` lets fields that some writers leave blank (mode, uid, gid, mtime) read as 0.
 */
export function parseNumber(bytes: Uint8Array, emptyIsZero: boolean): number | null {
  const first = bytes[0];
  if (first === 0x80 || first === 0xff) return parseBase256(bytes);
  let i = 0;
  while (i < bytes.length && bytes[i] === 0x20) i++;
  let value = 0;
  let digits = 0;
  for (; i < bytes.length; i++, digits++) {
    const b = bytes[i]!;
    if (b < 0x30 || b > 0x37) break;
    value = value * 8 + (b - 0x30);
  }
  // Whatever follows the digits may only be terminators.
  for (; i < bytes.length; i++) if (bytes[i] !== 0 && bytes[i] !== 0x20) return null;
  if (digits === 0) return emptyIsZero ? 0 : null;
  return Number.isSafeInteger(value) ? value : null;
}

function parseBase256(bytes: Uint8Array): number | null {
  // 0x80 marks a positive number in the remaining bits; 0xff starts a sign-extended two's complement negative one.
  let raw = 0n;
  for (let i = 0; i < bytes.length; i++) raw = (raw << 8n) | BigInt(i === 0 && bytes[0] === 0x80 ? 0 : bytes[i]!);
  const value = bytes[0] === 0xff ? raw - (1n << BigInt(bytes.length * 8)) : raw;
  const n = Number(value);
  return Number.isSafeInteger(n) && BigInt(n) === value ? n : null;
}

/** Writes `value` as zero-padded octal filling `length - 1` digits plus a NUL; throws if it does not fit. */
export function writeOctal(block: Uint8Array, field: FieldName, value: number): void {
  const [offset, length] = FIELD[field];
  const text = value.toString(8).padStart(length - 1, '0');
  if (!Number.isSafeInteger(value) || value < 0 || text.length > length - 1) {
    throw new RangeError(`tar ${field} ${value} does not fit a ustar header`);
  }
  block.set(Buffer.from(`${text}\0`, 'latin1'), offset);
}

/** Writes bytes into a text field, which must fit (a NUL terminator is optional when the field is full). */
export function writeBytes(block: Uint8Array, field: FieldName, bytes: Uint8Array): void {
  const [offset, length] = FIELD[field];
  if (bytes.length > length) throw new RangeError(`tar ${field} is longer than ${length} bytes`);
  block.set(bytes, offset);
}

/** Fills in the checksum field the traditional way: six octal digits, NUL, space. */
export function sealChecksum(block: Uint8Array): void {
  const [offset] = FIELD.checksum;
  const text = headerChecksums(block).unsigned.toString(8).padStart(6, '0');
  block.set(Buffer.from(`${text}\0 `, 'latin1'), offset);
}

export interface DecodedHeader {
  /** Path from name (and, in POSIX ustar, prefix); '\uFFFD' marks bytes that were not UTF-8 (see nameIsUtf8). */
  name: string;
  nameIsUtf8: boolean;
  typeflag: string;
  mode: number;
  size: number;
  /** Seconds since the epoch. */
  mtime: number;
}

export type HeaderDecode = { ok: true; header: DecodedHeader } | { ok: false; name: string; problem: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');
const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');

/** Largest |mtime| a JavaScript Date can hold, in seconds. */
const MAX_DATE_SECONDS = 8.64e12;

/** Decodes and validates one (non-zero) header block. */
export function decodeHeader(block: Uint8Array): HeaderDecode {
  // Only POSIX ustar ("ustar\0") has a prefix field; GNU ("ustar  \0") keeps atime/ctime/sparse data there.
  const posix = latin1(fieldBytes(block, 'magic')) === 'ustar\0';
  const nameBytes = cString(fieldBytes(block, 'name'));
  const prefixBytes = posix ? cString(fieldBytes(block, 'prefix')) : new Uint8Array(0);
  const raw = prefixBytes.length > 0 ? Buffer.concat([prefixBytes, Buffer.from('/'), nameBytes]) : nameBytes;
  let name: string;
  let nameIsUtf8 = true;
  try {
    name = utf8.decode(raw);
  } catch {
    name = lenientUtf8.decode(raw);
    nameIsUtf8 = false;
  }
  const { unsigned, signed } = headerChecksums(block);
  const stored = parseNumber(fieldBytes(block, 'checksum'), false);
  if (stored === null) return { ok: false, name, problem: 'has an unreadable header checksum' };
  if (stored !== unsigned && stored !== signed) return { ok: false, name, problem: 'has a header whose checksum does not match' };
  const mode = parseNumber(fieldBytes(block, 'mode'), true);
  const uid = parseNumber(fieldBytes(block, 'uid'), true);
  const gid = parseNumber(fieldBytes(block, 'gid'), true);
  const size = parseNumber(fieldBytes(block, 'size'), false);
  const mtime = parseNumber(fieldBytes(block, 'mtime'), true);
  if (mode === null || mode < 0) return { ok: false, name, problem: 'has an invalid mode field' };
  if (uid === null || gid === null) return { ok: false, name, problem: 'has an invalid owner field' };
  if (size === null || size < 0) return { ok: false, name, problem: 'has an invalid size field' };
  if (mtime === null || Math.abs(mtime) > MAX_DATE_SECONDS) return { ok: false, name, problem: 'has an invalid modification time field' };
  const typeflag = String.fromCharCode(block[FIELD.typeflag[0]]!);
  return { ok: true, header: { name, nameIsUtf8, typeflag, mode: mode & 0o7777, size, mtime } };
}
