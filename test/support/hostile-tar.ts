/**
 * Builders for tar archives our writer never makes: links, devices, escaping paths, duplicates, lies about sizes,
 * broken checksums, cut-off data, GNU long names and pax paths. Headers are crafted field by field here, on
 * purpose independently of electron/core/backup/tar, so a bug shared by writer and reader cannot hide.
 */
import { gzipSync } from 'node:zlib';

const BLOCK = 512;

export interface RawHeader {
  /** Raw name field (up to 100 bytes); a string is written as UTF-8. */
  name: string | Uint8Array;
  /** Tar typeflag, one character ('0' file, '5' dir, '2' symlink, 'x' pax, 'L' GNU long name, '\0' old file...). */
  type?: string;
  mode?: number;
  size?: number;
  mtime?: number;
  linkname?: string;
  /** ustar prefix field; only meaningful with the 'posix' magic. */
  prefix?: string;
  /** 'posix' = "ustar\0" "00" (default), 'gnu' = "ustar  \0", 'v7' = none. */
  magic?: 'posix' | 'gnu' | 'v7';
  /** Replace a numeric field's 8/12 raw bytes (to write invalid or base-256 numbers). */
  rawSize?: Uint8Array;
  rawMode?: Uint8Array;
  /** Add this to the correct checksum (non-zero = a corrupt header). */
  checksumDelta?: number;
}

const octal = (value: number, length: number): Buffer => Buffer.from(`${value.toString(8).padStart(length - 1, '0')}\0`, 'latin1');

/** One 512-byte header block exactly as described. */
export function rawHeader(h: RawHeader): Buffer {
  const b = Buffer.alloc(BLOCK);
  const name = typeof h.name === 'string' ? Buffer.from(h.name) : Buffer.from(h.name);
  name.copy(b, 0, 0, Math.min(name.length, 100));
  b.set(h.rawMode ?? octal(h.mode ?? 0o644, 8), 100);
  octal(0, 8).copy(b, 108);
  octal(0, 8).copy(b, 116);
  b.set(h.rawSize ?? octal(h.size ?? 0, 12), 124);
  octal(h.mtime ?? 1_700_000_000, 12).copy(b, 136);
  b.write(h.type ?? '0', 156, 'latin1');
  if (h.linkname) b.write(h.linkname, 157, 'utf8');
  const magic = h.magic ?? 'posix';
  if (magic === 'posix') b.write('ustar\x0000', 257, 'latin1');
  if (magic === 'gnu') b.write('ustar  \0', 257, 'latin1');
  if (h.prefix) b.write(h.prefix, 345, 'utf8');
  b.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of b) sum += byte;
  b.write(`${(sum + (h.checksumDelta ?? 0)).toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return b;
}

const pad = (n: number): Buffer => Buffer.alloc((BLOCK - (n % BLOCK)) % BLOCK);

/** Header + data + padding; the header's size is the data's length unless `size` says otherwise. */
export function rawEntry(h: RawHeader, data: Uint8Array = new Uint8Array(0)): Buffer {
  return Buffer.concat([rawHeader({ size: data.length, ...h }), data, pad(data.length)]);
}

export const fileEntry = (name: string | Uint8Array, data: string | Uint8Array = '', extra: Partial<RawHeader> = {}): Buffer =>
  rawEntry({ name, type: '0', mode: 0o600, ...extra }, typeof data === 'string' ? Buffer.from(data) : data);

export const dirEntry = (name: string, extra: Partial<RawHeader> = {}): Buffer => rawEntry({ name, type: '5', mode: 0o700, ...extra });

export const symlinkEntry = (name: string, target: string): Buffer => rawEntry({ name, type: '2', linkname: target, mode: 0o777 });
export const hardlinkEntry = (name: string, target: string): Buffer => rawEntry({ name, type: '1', linkname: target });
export const charDeviceEntry = (name: string): Buffer => rawEntry({ name, type: '3' });
export const blockDeviceEntry = (name: string): Buffer => rawEntry({ name, type: '4' });
export const fifoEntry = (name: string): Buffer => rawEntry({ name, type: '6' });

/** pax records, each "<len> key=value\n" with len counting itself. */
export function paxRecords(records: Record<string, string>): Buffer {
  return Buffer.concat(
    Object.entries(records).map(([k, v]) => {
      const body = Buffer.byteLength(` ${k}=${v}\n`);
      let len = body + 1;
      while (String(len).length + body !== len) len++;
      return Buffer.from(`${len} ${k}=${v}\n`);
    }),
  );
}

/** A pax 'x' (or global 'g') header carrying raw record bytes or a record set. */
export const paxEntry = (records: Record<string, string> | Uint8Array, type: 'x' | 'g' = 'x'): Buffer =>
  rawEntry({ name: type === 'x' ? 'PaxHeaders/entry' : 'GlobalHead', type }, records instanceof Uint8Array ? records : paxRecords(records));

/** A GNU ././@LongLink 'L' record naming the next entry, as GNU tar writes it (NUL-terminated, gnu magic). */
export const gnuLongNameEntry = (name: string): Buffer =>
  rawEntry({ name: '././@LongLink', type: 'L', magic: 'gnu' }, Buffer.concat([Buffer.from(name), Buffer.alloc(1)]));

/** The end-of-archive marker: two zero blocks. */
export const endOfArchive = (): Buffer => Buffer.alloc(2 * BLOCK);

/** Entries followed by the end-of-archive marker. */
export const tarOf = (...parts: Uint8Array[]): Buffer => Buffer.concat([...parts, endOfArchive()]);

/** `count` tiny files named f0, f1, ... */
export const manyFiles = (count: number): Buffer => tarOf(...Array.from({ length: count }, (_, i) => fileEntry(`f${i}`, 'x')));

/** A header that declares `size` bytes with none following (the data would have to come from somewhere). */
export const hugeDeclaredEntry = (name: string, size: number): Buffer => rawHeader({ name, type: '0', size });

export const gzip = (data: Uint8Array): Buffer => gzipSync(data);

/** Hands `data` over in `chunkSize` pieces, counting what the reader actually pulled. */
export function chunked(data: Uint8Array, chunkSize = 4096): { source: AsyncIterable<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  return {
    pulled: () => pulled,
    source: (async function* () {
      for (let at = 0; at < data.length; at += chunkSize) {
        const chunk = data.subarray(at, at + chunkSize);
        pulled += chunk.length;
        yield chunk;
      }
    })(),
  };
}

/**
 * A gzip bomb as a stream: a first gzip member holding `head` (tar headers), then `megabytes` gzip members of
 * 1 MiB of zeros each (gunzip reads concatenated members as one stream). Never built in memory; `pulled` says how
 * many zero members the reader asked for.
 */
export function zeroBomb(head: Uint8Array, megabytes: number): { source: AsyncIterable<Uint8Array>; pulled: () => number } {
  const zeros = gzipSync(Buffer.alloc(1024 * 1024), { level: 9 });
  let pulled = 0;
  return {
    pulled: () => pulled,
    source: (async function* () {
      yield gzipSync(head);
      for (let i = 0; i < megabytes; i++) {
        pulled++;
        yield zeros;
      }
    })(),
  };
}

export async function* once(data: Uint8Array): AsyncGenerator<Uint8Array> {
  yield data;
}
