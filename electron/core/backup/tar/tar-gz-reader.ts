import { VaultError } from '../../errors';
import { gunzipStream, isGzip } from './gzip';
import { readTar, type ReadTarOptions, type TarEntry } from './tar-reader';

/**
 * Reads a gzip-compressed tar stream as it arrives. The first bytes decide whether it is gzip at all (NOT_A_BACKUP
 * if not); the rest is inflated on demand, so a limit that trips stops the inflating too.
 */
export async function* readTarGz(source: AsyncIterable<Uint8Array>, options: ReadTarOptions = {}): AsyncGenerator<TarEntry> {
  const iterator = source[Symbol.asyncIterator]();
  try {
    const head: Uint8Array[] = [];
    let length = 0;
    while (length < 2) {
      const next = await iterator.next();
      if (next.done) break;
      head.push(next.value);
      length += next.value.length;
    }
    const start = Buffer.concat(head);
    if (start.length === 0) throw new VaultError('NOT_A_BACKUP', 'the file is empty');
    if (start.length === 1 && start[0] === 0x1f) throw new VaultError('BACKUP_TRUNCATED', 'the backup ends after its first byte');
    if (!isGzip(start)) throw new VaultError('NOT_A_BACKUP', 'the file is not a gzip-compressed archive');
    yield* readTar(gunzipStream(replay(head, iterator)), options);
  } finally {
    try {
      await iterator.return?.();
    } catch {
      // Closing the source after we are done with it; a failure there changes nothing.
    }
  }
}

/** The chunks already read, then the rest of the same iterator (which the caller closes). */
async function* replay(head: Uint8Array[], iterator: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield* head;
  for (;;) {
    const next = await iterator.next();
    if (next.done) return;
    yield next.value;
  }
}
