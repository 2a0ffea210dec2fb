import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, crc32, createDeflateRaw, createGunzip, deflateRawSync } from 'node:zlib';
import { VaultError } from '../../errors';

const GZIP_MAGIC = [0x1f, 0x8b] as const;

export const isGzip = (head: Uint8Array): boolean => head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];

/**
 * gzip with a fixed header so the same input gives the same bytes: no file name, mtime 0, OS "unknown" (255)
 * instead of the build machine's. (Same bytes for the same zlib; another zlib build may compress differently.)
 */
export function gzipDeterministic(data: Uint8Array): Buffer {
  return Buffer.concat([gzipHeader(), deflateRawSync(data, { level: constants.Z_BEST_COMPRESSION }), gzipTrailer(crc32(data), data.length)]);
}

const gzipHeader = () => Buffer.from([...GZIP_MAGIC, 8 /* deflate */, 0 /* no flags */, 0, 0, 0, 0 /* mtime */, 2 /* best compression */, 255]);

function gzipTrailer(crc: number, length: number): Buffer {
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(length % 2 ** 32, 4);
  return trailer;
}

/**
 * gzipDeterministic as a stream: the same header and trailer around zlib's deflate of the bytes as they arrive
 * (zlib's output does not depend on how its input is sliced, so the bytes are the same too). Backpressure reaches
 * the source: only a few chunks are in memory. An error of the source ends the stream with that error.
 */
export async function* gzipStream(source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  let crc = 0;
  let length = 0;
  async function* measured(): AsyncGenerator<Uint8Array> {
    for await (const piece of source) {
      crc = crc32(piece, crc);
      length += piece.length;
      yield piece;
    }
  }
  const deflater = createDeflateRaw({ level: constants.Z_BEST_COMPRESSION });
  const input = Readable.from(measured(), { objectMode: false });
  // The source's errors reach us through the deflater's iterator (pipeline destroys it with them).
  const piped = pipeline(input, deflater);
  piped.catch(() => undefined);
  try {
    yield gzipHeader();
    for await (const chunk of deflater) yield chunk as Buffer;
    await piped;
  } finally {
    deflater.destroy();
    input.destroy();
  }
  yield gzipTrailer(crc, length);
}

/**
 * Inflates a gzip stream as it arrives. Backpressure reaches the source, so however much the data inflates to,
 * only a few chunks are in memory; stopping early (return/throw in the consumer) destroys the inflater and the
 * source. zlib errors become BACKUP_DAMAGED / BACKUP_TRUNCATED; the source's own errors pass through unchanged.
 */
export async function* gunzipStream(source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  const inflater = createGunzip();
  const input = Readable.from(source, { objectMode: false });
  // Errors reach us through the inflater's iterator below; this only keeps the pipeline's own promise handled.
  pipeline(input, inflater).catch(() => undefined);
  try {
    for await (const chunk of inflater) yield chunk as Buffer;
  } catch (e) {
    throw zlibErrorToVault(e);
  } finally {
    inflater.destroy();
    input.destroy();
  }
}

function zlibErrorToVault(e: unknown): unknown {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(err?.message ?? '')) {
    return new VaultError('BACKUP_TRUNCATED', 'the backup ends early: its compressed data is cut off');
  }
  if (typeof err?.code === 'string' && err.code.startsWith('Z_')) {
    return new VaultError('BACKUP_DAMAGED', `the backup's compressed data is damaged (${err.message})`);
  }
  return e;
}
