import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test/support/temp-dir';
import { generateKey } from '../keys/store/generate-key';
import { AgeFileWriter, DerivedKeys, ageDecryptBuffer } from './age';
import { CHUNK_CIPHERTEXT_BYTES } from './age/constants';
import { backupFileStream } from './backup-stream';
import { encodeManifest } from './manifest';
import { planBackup } from './pack-backup';
import { packTar, type TarInput } from './tar';

/**
 * A backup made as it is written holds the very tar the vault always wrote (same entries, order, headers and
 * manifest bytes), gzip-compressed and padded so every age chunk is whole.
 */
describe('backupFileStream', () => {
  const tmp = makeTempDir('tv-backup-stream-');
  afterAll(() => tmp.cleanup());

  it('is the archive packTar makes of the same files, in whole age chunks, never one big piece', async () => {
    const trust = join(tmp.path, 'trust');
    const keys = [
      generateKey(trust, { role: 'root', algorithm: 'ecdsa', passphrase: 'key passphrase' }).key,
      generateKey(trust, { role: 'targets', gun: 'example.com/app', algorithm: 'ed25519', passphrase: 'key passphrase' }).key,
    ];
    mkdirSync(join(trust, 'tuf', 'example.com', 'app', 'metadata'), { recursive: true });
    const root = Buffer.from('{"signed":{},"signatures":[]}');
    writeFileSync(join(trust, 'tuf', 'example.com', 'app', 'metadata', 'root.json'), root);

    const createdAt = new Date('2026-12-07T12:00:00Z');
    const plan = planBackup(trust, { includePinnedRoots: true, createdAt, appVersion: 'test' });
    const derivedKeys = new DerivedKeys();
    const age = await AgeFileWriter.start('stream passphrase', { workFactor: 10, derivedKeys });
    const parts: Buffer[] = [];
    for await (const part of backupFileStream(plan, trust, age)) parts.push(part);
    const file = Buffer.concat(parts);
    expect(Math.max(...parts.map((p) => p.length))).toBeLessThanOrEqual(CHUNK_CIPHERTEXT_BYTES);

    const gzip = await ageDecryptBuffer(file, 'stream passphrase', { derivedKeys });
    expect(gzip.length % (64 * 1024)).toBe(0);
    const files: TarInput[] = [
      { path: 'private', type: 'dir', mode: 0o700 },
      ...keys.map((k): TarInput => ({ path: k.file, type: 'file', mode: 0o600, data: readFileSync(k.path) })),
      { path: 'trust-vault-backup-manifest.json', type: 'file', mode: 0o600, data: encodeManifest(plan.manifest) },
      { path: 'tuf', type: 'dir', mode: 0o700 },
      { path: 'tuf/example.com', type: 'dir', mode: 0o700 },
      { path: 'tuf/example.com/app', type: 'dir', mode: 0o700 },
      { path: 'tuf/example.com/app/metadata', type: 'dir', mode: 0o700 },
      { path: 'tuf/example.com/app/metadata/root.json', type: 'file', mode: 0o600, data: root },
    ];
    files.sort((a, b) => (a.path < b.path ? -1 : 1));
    expect(gunzipSync(gzip).equals(packTar(files, { mtime: createdAt }))).toBe(true);
    // The manifest lists each key file's hash, filled in as the file went by.
    const hashOf = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
    expect(Object.fromEntries(plan.manifest.keys.map((k) => [k.id, k.sha256]))).toEqual(Object.fromEntries(keys.map((k) => [k.id, hashOf(k.path)])));
    age.wipe();
  });
});
