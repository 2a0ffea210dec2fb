import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ageEncrypt } from '../../electron/core/backup/age';
import { generateKey } from '../../electron/core/keys/store/generate-key';
import {
  blockDeviceEntry,
  charDeviceEntry,
  dirEntry,
  fifoEntry,
  fileEntry,
  gzip,
  hardlinkEntry,
  hugeDeclaredEntry,
  manyFiles,
  paxEntry,
  symlinkEntry,
  tarOf,
} from '../support/hostile-tar';
import { makeTempDir } from '../support/temp-dir';
import { snapshotTree } from '../support/tree-snapshot';
import { ensureBuiltCli, runBuiltCli } from '../support/vault-cli';

const backupPass = 'hostile archive passphrase';

/**
 * Hostile archives, through the whole `backup restore` command into a trust dir that already holds a key: each is
 * refused with ARCHIVE_REFUSED, names what it found, and the trust dir is exactly as it was, even when good key
 * files come before the bad entry.
 */
describe('restoring hostile archives', () => {
  const tmp = makeTempDir('tv-hostile-');
  const trust = join(tmp.path, 'trust');
  let goodKey = Buffer.alloc(0);
  let goodName = '';
  const otherId = 'e'.repeat(64);

  beforeAll(() => {
    ensureBuiltCli();
    const made = generateKey(join(tmp.path, 'source'), { role: 'targets', gun: 'example.com/app', algorithm: 'ecdsa', passphrase: 'key passphrase 1' }).key;
    goodKey = readFileSync(made.path);
    goodName = `${made.id}.key`;
    generateKey(trust, { role: 'root', algorithm: 'ecdsa', passphrase: 'key passphrase 1' });
  });
  afterAll(() => tmp.cleanup());

  const good = () => [dirEntry('private/'), fileEntry(`private/${goodName}`, goodKey, { mode: 0o600 })];
  const restore = (file: string) =>
    runBuiltCli(['backup', 'restore', file, '--passphrase-env', 'TV_BACKUP', '--trust-dir', trust, '--data-dir', join(tmp.path, 'data')], { HOME: tmp.path, TV_BACKUP: backupPass }, tmp.path);

  const cases: [string, () => Buffer, RegExp][] = [
    ['path traversal', () => tarOf(...good(), fileEntry(`private/../../outside/${otherId}.key`, goodKey)), /\.\./],
    ['path traversal after a docker-style prefix', () => tarOf(fileEntry(`home/ana/.docker/trust/private/../../../../etc/${otherId}.key`, goodKey)), /\.\./],
    ['an absolute path', () => tarOf(...good(), fileEntry(`/private/${otherId}.key`, goodKey)), /absolute/i],
    ['a symlink', () => tarOf(...good(), symlinkEntry(`private/${otherId}.key`, '/etc/passwd')), /link/i],
    ['a hard link', () => tarOf(...good(), hardlinkEntry(`private/${otherId}.key`, `private/${goodName}`)), /link/i],
    ['a character device', () => tarOf(...good(), charDeviceEntry('private/tty')), /device/i],
    ['a block device', () => tarOf(...good(), blockDeviceEntry('private/sda')), /device/i],
    ['a FIFO', () => tarOf(...good(), fifoEntry('private/pipe')), /fifo|pipe/i],
    ['a duplicate entry', () => tarOf(...good(), fileEntry(`private/${goodName}`, goodKey)), /twice|duplicate|more than once/i],
    ['a pax path leaving the folder', () => tarOf(...good(), paxEntry({ path: `../${otherId}.key` }), fileEntry('innocent', goodKey)), /\.\./],
    ['more than 100,000 entries', () => manyFiles(100_001), /100,?000|entries/i],
    ['more than 256 MiB unpacked', () => tarOf(...good(), hugeDeclaredEntry('private/huge.bin', 257 * 1024 * 1024)), /MiB|bytes|large/i],
  ];

  it.each(cases)('refuses %s as a plain tar.gz, writing nothing', (name, build, message) => {
    const file = join(tmp.path, `${name.replace(/\W+/g, '-')}.tar.gz`);
    writeFileSync(file, gzip(build()));
    const before = snapshotTree(trust);
    const r = restore(file);
    expect(r.status, r.stdout).toBe(1);
    expect(r.stderr).toContain('(ARCHIVE_REFUSED)');
    expect(r.stderr).toMatch(message);
    expect(snapshotTree(trust)).toEqual(before);
  });

  it('refuses the same inside an age-encrypted backup, writing nothing', async () => {
    for (const [name, build] of cases.slice(0, 4)) {
      const file = join(tmp.path, `${name.replace(/\W+/g, '-')}.tar.gz.age`);
      writeFileSync(file, await ageEncrypt(gzip(build()), backupPass, { workFactor: 10 }));
      const before = snapshotTree(trust);
      const r = restore(file);
      expect(r.stderr, name).toContain('(ARCHIVE_REFUSED)');
      expect(snapshotTree(trust)).toEqual(before);
    }
  });

  it('refuses an archive holding two trust folders, and one that is not a backup at all', () => {
    const two = join(tmp.path, 'two-trust-dirs.tar.gz');
    writeFileSync(two, gzip(tarOf(fileEntry(`home/a/.docker/trust/private/${goodName}`, goodKey), fileEntry(`home/b/.notary/private/${otherId}.key`, goodKey))));
    expect(restore(two).stderr).toContain('(ARCHIVE_REFUSED)');
    const notBackup = join(tmp.path, 'notes.txt');
    writeFileSync(notBackup, 'just some text');
    expect(restore(notBackup).stderr).toContain('(NOT_A_BACKUP)');
  });
});
