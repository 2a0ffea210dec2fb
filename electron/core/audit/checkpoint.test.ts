import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test/support/temp-dir';
import { generateKey } from '../keys/store/generate-key';
import { planBackup } from '../backup/pack-backup';
import { encodeManifest } from '../backup/manifest';
import { readManifest as parseManifest } from '../backup/manifest-reader';
import { vaultBackupPassphrases } from '../lock/backup-passphrases';
import { manualClock, tinyCalibrator, TINY_MEMORY_KIB } from '../vault/testing';
import { VaultSession } from '../vault/vault-session';
import { AuditLog } from './audit-log';
import { checkpointValid } from './checkpoint';

/** Issue 12, point 3: checkpoints taken on vault writes, never over a tampered log, and copied into a backup's manifest. */

let tmp: { path: string; cleanup: () => void };
let data: string;
beforeEach(() => {
  tmp = makeTempDir('tv-checkpoint-');
  data = join(tmp.path, 'data');
});
afterEach(() => tmp.cleanup());

const session = () => new VaultSession({ dataDir: data, clock: manualClock().clock, calibrator: tinyCalibrator, minimumMemoryKiB: TINY_MEMORY_KIB, trustDirs: () => [] });

describe('audit checkpoints', () => {
  it('every vault write checkpoints the head; a backup made while unlocked carries the last one, which verifies under the vault key', async () => {
    const log = new AuditLog({ dataDir: data, via: 'app' });
    const s = session();
    await s.create('vault master passphrase');
    expect(s.lastAuditCheckpoint()).toMatchObject({ seq: 0 });
    log.append({ action: 'key.generated', result: 'ok' });
    log.append({ action: 'key.removed', result: 'ok' });
    expect(s.auditCheck()).toMatchObject({ state: 'confirmed', last: { seq: 0 }, unconfirmed: [1, 2] });
    s.setAutoLock(10);
    expect(s.lastAuditCheckpoint()).toMatchObject({ seq: 2, hash: log.list()[1]!.hash });
    expect(s.auditCheck()).toMatchObject({ state: 'confirmed', last: { seq: 2 }, unconfirmed: [] });

    const trust = join(tmp.path, 'trust');
    generateKey(trust, { role: 'root', algorithm: 'ecdsa', passphrase: 'key passphrase' });
    const cp = vaultBackupPassphrases(s, data).auditCheckpoint!();
    const packed = planBackup(trust, { includePinnedRoots: false, createdAt: new Date(), appVersion: 'test', auditCheckpoint: cp });
    const back = parseManifest(encodeManifest(packed.manifest));
    expect(back.auditCheckpoint).toEqual(cp);
    s.lock('manual');
    expect(vaultBackupPassphrases(s, data).auditCheckpoint!()).toBeNull();
    s.dispose();
    // Only the vault's key makes a MAC that verifies.
    expect(checkpointValid(Buffer.alloc(32), back.auditCheckpoint!)).toBe(false);
  });

  it('a tampered log is never checkpointed: later writes keep reporting it', async () => {
    const log = new AuditLog({ dataDir: data, via: 'app' });
    const s = session();
    await s.create('vault master passphrase');
    log.append({ action: 'key.generated', result: 'ok' });
    s.setAutoLock(10);
    const { rmSync } = await import('node:fs');
    rmSync(log.file);
    rmSync(log.headFile);
    log.append({ action: 'key.imported', result: 'ok' }); // a new log of one entry, with another hash
    s.setAutoLock(11);
    expect(s.auditCheck()).toMatchObject({ state: 'tampered', tampered: { firstSeq: 1, lastSeq: 1 } });
    expect(s.lastAuditCheckpoint()).toMatchObject({ seq: 1 });
    s.rebaseAuditCheckpoints();
    expect(s.auditCheck()).toMatchObject({ state: 'confirmed' });
    s.dispose();
  });
});
