import { join } from 'node:path';
import { VaultError } from '../errors';
import type { AgeFileWriter } from './age';
import { paddingMember } from './chunk-padding';
import { manifestBytes, manifestPieces } from './manifest-encoding';
import type { BackupPlan, PlannedEntry } from './pack-backup';
import { readKeyBytes, readRootBytes, sha256 } from './pack-backup';
import { TarHeaderWriter, endOfArchive, gzipStream } from './tar';
import { DEFAULT_TAR_LIMITS } from './tar/limits';
import { paddingFor } from './tar/tar-header';

/**
 * A planned backup as the bytes of its file, made as they are written: tar entries -> gzip -> age -> the caller
 * (who writes them to the drive). Nothing holds the archive, the compressed archive, the encrypted file or the
 * manifest whole: memory is a few 64 KiB slices, plus the plan's per-key metadata, however many keys there are.
 * `age` has already run scrypt (AgeFileWriter.start), so its 256 MiB are gone before the keys are even listed.
 */
export function backupFileStream(plan: BackupPlan, trustDir: string, age: AgeFileWriter, onProgress?: (done: number, total: number) => void): AsyncGenerator<Buffer> {
  return age.encryptStream(paddedToChunks(gzipStream(tarStream(plan, trustDir, onProgress))));
}

/** Whole 64 KiB age chunks (see chunk-padding.ts): an empty gzip member at the end fills the last one. */
async function* paddedToChunks(gzip: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let length = 0;
  for await (const piece of gzip) {
    length += piece.length;
    yield piece;
  }
  yield paddingMember(length);
}

const BATCH_BYTES = 64 * 1024;

/** The uncompressed tar, in slices of about 64 KiB (a slice per small key file would cost zlib and age a call each). */
export async function* tarStream(plan: BackupPlan, trustDir: string, onProgress?: (done: number, total: number) => void): AsyncGenerator<Buffer> {
  const writer = new TarHeaderWriter(plan.createdAt);
  let batch: Buffer[] = [];
  let batched = 0;
  let done = 0;
  const push = (bytes: Buffer) => {
    batch.push(bytes);
    batched += bytes.length;
  };
  const flush = () => {
    const out = Buffer.concat(batch, batched);
    done += batched;
    batch = [];
    batched = 0;
    onProgress?.(done, Math.max(done, plan.tarBytes));
    return out;
  };
  let unpacked = 0;
  for (const entry of plan.entries) {
    if (entry.from === 'dir') {
      push(writer.header({ path: entry.path, type: 'dir', mode: 0o700 }, 0));
    } else if (entry.from === 'manifest') {
      checkHashed(plan);
      const size = manifestBytes(plan.manifest);
      push(writer.header({ path: entry.path, type: 'file', mode: 0o600 }, size));
      for (const piece of manifestPieces(plan.manifest)) {
        push(piece);
        if (batched >= BATCH_BYTES) yield flush();
      }
      push(Buffer.alloc(paddingFor(size)));
    } else {
      const data = await bytesOf(entry, trustDir);
      push(writer.header({ path: entry.path, type: 'file', mode: 0o600 }, data.length));
      push(data);
      push(Buffer.alloc(paddingFor(data.length)));
      unpacked += 512 + data.length + paddingFor(data.length);
      // A key file that grew since planning could take the archive past what a restore accepts.
      if (unpacked > DEFAULT_TAR_LIMITS.maxUnpackedBytes) throw new VaultError('INVALID_ARGUMENT', `The key files grew while the backup was written: it would hold more than ${DEFAULT_TAR_LIMITS.maxUnpackedBytes} bytes; nothing was kept`);
    }
    if (batched >= BATCH_BYTES) yield flush();
  }
  push(endOfArchive());
  yield flush();
}

/** A file entry's bytes (a copy: key files are read into a shared buffer), and for a key, its hash in the manifest. */
async function bytesOf(entry: Exclude<PlannedEntry, { from: 'dir' | 'manifest' }>, trustDir: string): Promise<Buffer> {
  if (entry.from === 'bytes') return entry.data;
  if (entry.from === 'key') {
    const data = Buffer.from(readKeyBytes(join(trustDir, entry.path)));
    entry.key.sha256 = sha256(data);
    return data;
  }
  const abs = join(trustDir, entry.path);
  const data = readRootBytes(abs);
  // Its hash is already in the manifest (written before it): a root replaced meanwhile would not match it.
  if (sha256(data) !== entry.sha256) throw new VaultError('IO_ERROR', `${abs} changed while the backup was being written; nothing was kept: try again`);
  return data;
}

function checkHashed(plan: BackupPlan): void {
  if (plan.manifest.keys.some((k) => /^0{64}$/.test(k.sha256))) throw new Error('the manifest was reached before every key file was read');
}
