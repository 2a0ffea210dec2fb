import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test/support/temp-dir';
import { generateKey } from '../keys/store/generate-key';
import { AgeFileWriter, DerivedKeys } from './age';
import { backupFileStream } from './backup-stream';
import { openBackup } from './open-backup';
import { planBackup } from './pack-backup';
import { reportOf } from './verify-backup';

/**
 * `backup create` reads its file back against the manifest it wrote (issue 13, point 2): the manifest read back must
 * be those bytes exactly (hashed as it streams, not parsed into a second copy), and each key file its listed hash.
 */
describe('reading back a backup just written', () => {
  const tmp = makeTempDir('tv-read-back-');
  afterAll(() => tmp.cleanup());

  it('checks out against the manifest written, and refuses a file whose manifest is another', async () => {
    const trust = join(tmp.path, 'trust');
    generateKey(trust, { role: 'root', algorithm: 'ecdsa', passphrase: 'key passphrase' });
    generateKey(trust, { role: 'targets', gun: 'example.com/app', algorithm: 'ed25519', passphrase: 'key passphrase' });
    const plan = planBackup(trust, { includePinnedRoots: false, createdAt: new Date('2026-12-07T12:00:00Z'), appVersion: 'test' });
    const derivedKeys = new DerivedKeys();
    const age = await AgeFileWriter.start('read-back passphrase', { workFactor: 10, derivedKeys });
    const parts: Buffer[] = [];
    for await (const part of backupFileStream(plan, trust, age)) parts.push(part);
    const file = join(tmp.path, 'b.tar.gz.age');
    writeFileSync(file, Buffer.concat(parts));

    const opened = await openBackup(file, 'read-back passphrase', { derivedKeys, keepKeyData: false, written: plan.manifest });
    expect(opened.manifest).toBe(plan.manifest);
    expect([...opened.keys.values()].map((k) => [k.rel, k.sha256, k.data])).toEqual(plan.manifest.keys.map((k) => [k.path, k.sha256, null]));
    expect(reportOf(opened, trust, new Date()).ok).toBe(true);

    const other = { ...plan.manifest, backupId: 'AnotherBackupId0' };
    await expect(openBackup(file, 'read-back passphrase', { derivedKeys, keepKeyData: false, written: other })).rejects.toMatchObject({
      code: 'BACKUP_DAMAGED',
      message: expect.stringMatching(/is not the one written into it/),
    });
    // A key whose hash the manifest lists otherwise is described from the archive, and the report says it differs.
    const wrongHash = { ...plan.manifest, keys: plan.manifest.keys.map((k, i) => (i === 0 ? { ...k, sha256: 'f'.repeat(64) } : k)) };
    const tampered = await openBackup(file, 'read-back passphrase', { derivedKeys, keepKeyData: false }).then((o) => ({ ...o, manifest: wrongHash }));
    expect(reportOf(tampered, trust, new Date()).ok).toBe(false);
    age.wipe();
    derivedKeys.wipe();
  });
});
