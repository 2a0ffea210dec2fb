import { copyFileSync, existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run';
import { VaultError } from '../../electron/core/errors';
import { forgetRepository, listForgotten, pinnedRootKeyIds, restoreRepository } from '../../electron/core/trust-reset';
import type { MoveOps } from '../../electron/core/trust-reset/move-tree';
import { realOps, treeDigest } from '../../electron/core/trust-reset/move-tree';
import { notaryOk, parseNotaryKeyList, runNotary } from '../support/notary-cli';
import { type RunningNotaryServer, startNotaryServer } from '../support/notary-server';
import { makeTempDir } from '../support/temp-dir';
import { snapshotTree } from '../support/tree-snapshot';
import { certKey, ecdsaKey, ed25519Key, writeTestRepo } from '../support/tuf-repo';

const codeOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return e instanceof VaultError ? e.code : `not a VaultError: ${String(e)}`;
  }
  return 'no error';
};

/**
 * Consumer reset (issue 3, point 5) against the real notary CLI and a loopback notary-server: a publisher
 * re-initialises a repository with a new root; the consumer's notary refuses it until the vault forgets the
 * cached trust data; restore brings the old cache back byte for byte.
 */
describe('forgetting a repository lets a consumer accept a re-initialised one (real notary)', () => {
  const tmp = makeTempDir('tv-reset-');
  const gun = 'example.com/reset/app';
  const env = { NOTARY_ROOT_PASSPHRASE: 'root pass 1', NOTARY_TARGETS_PASSPHRASE: 'targets pass 1', NOTARY_SNAPSHOT_PASSPHRASE: 'snapshot pass 1' };
  const publisherA = join(tmp.path, 'publisher-a');
  const publisherB = join(tmp.path, 'publisher-b');
  const consumer = join(tmp.path, 'consumer');
  const data = join(tmp.path, 'data');
  let server: RunningNotaryServer;
  const notary = (dir: string, args: string[]) => notaryOk(dir, tmp.path, ['-s', server.url, ...args], env);
  const consumerList = () => runNotary(consumer, tmp.path, ['-s', server.url, 'list', gun], env);
  const file = (name: string, text: string) => {
    writeFileSync(join(tmp.path, name), text);
    return join(tmp.path, name);
  };
  const rootKeyOf = (dir: string) => parseNotaryKeyList(notary(dir, ['key', 'list'])).find((k) => k.role === 'root')!.id;

  beforeAll(async () => {
    server = await startNotaryServer(join(tmp.path, 'server'));
    notary(publisherA, ['init', gun]);
    notary(publisherA, ['add', gun, 'old-tag', file('a.txt', 'published with the first root\n')]);
    notary(publisherA, ['publish', gun]);
  });
  afterAll(async () => {
    await server?.stop();
    tmp.cleanup();
  });

  let cachedBefore: Record<string, string> = {};
  let firstEntry = '';

  it('a consumer that cached the first root refuses the re-initialised repository; after forget it accepts it', () => {
    // The consumer trusts on first use and caches the first root.
    const first = consumerList();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('old-tag');
    const oldRoot = rootKeyOf(publisherA);
    expect(pinnedRootKeyIds(consumer, gun).keys.map((k) => k.canonicalId)).toEqual([oldRoot]);
    expect(pinnedRootKeyIds(consumer, gun).keys[0]!.type).toBe('ecdsa-x509');
    expect(pinnedRootKeyIds(consumer, gun).keys[0]!.id).not.toBe(oldRoot); // the x509 ID differs from the canonical one

    // The publisher loses the root key: deletes the repository on the server and starts again with a new root.
    notary(publisherA, ['delete', gun, '--remote']);
    notary(publisherB, ['init', gun]);
    notary(publisherB, ['add', gun, 'new-tag', file('b.txt', 'published with the second root\n')]);
    notary(publisherB, ['publish', gun]);
    const newRoot = rootKeyOf(publisherB);
    expect(newRoot).not.toBe(oldRoot);

    // Observed (the /usr/bin/notary here): the consumer's notary refuses with exit 1 and
    // "* fatal: could not rotate trust to a new trusted root: failed to validate data with current trusted certificates".
    const refused = consumerList();
    expect(refused.status).toBe(1);
    // (notary prints its fatal error on stdout, not stderr.)
    expect(refused.stdout + refused.stderr).toContain('could not rotate trust to a new trusted root: failed to validate data with current trusted certificates');
    expect(refused.stdout).not.toContain('new-tag');

    cachedBefore = treeDigest(join(consumer, 'tuf', gun));
    const trustBefore = snapshotTree(consumer);
    const r = forgetRepository(consumer, data, gun, { now: new Date('2026-11-23T12:00:00.123Z') });
    firstEntry = r.entry.id;
    expect(r.method).toBe('renamed');
    expect(r.entry.id).toBe('20261123T120000123Z-example.com_reset_app');
    expect(r.entry.pinnedRootKeys.map((k) => k.canonicalId)).toEqual([oldRoot]);
    expect(existsSync(join(consumer, 'tuf', gun))).toBe(false);
    expect(treeDigest(join(r.path, 'repository'))).toEqual(cachedBefore);
    expect(JSON.parse(readFileSync(join(r.path, 'manifest.json'), 'utf8'))).toMatchObject({ gun, originalPath: join(consumer, 'tuf', gun) });
    // Only tuf/<gun> changed in the trust dir.
    const after = snapshotTree(consumer);
    const changed = Object.keys({ ...trustBefore, ...after }).filter((k) => trustBefore[k] !== after[k]);
    expect(changed.every((k) => k.startsWith(`tuf/${gun}`) || k === 'tuf/example.com/reset')).toBe(true);

    // Trust on first use again: notary accepts the new root and re-creates the cache.
    const accepted = consumerList();
    expect(accepted.status, accepted.stderr).toBe(0);
    expect(accepted.stdout).toContain('new-tag');
    expect(accepted.stdout).not.toContain('old-tag');
    expect(pinnedRootKeyIds(consumer, gun).keys.map((k) => k.canonicalId)).toEqual([newRoot]);
    expect(listForgotten(data).map((e) => [e.id, e.gun])).toEqual([[firstEntry, gun]]);
  });

  it('restore refuses while tuf/<gun> exists again, changing nothing; once it is gone, brings the exact bytes back', () => {
    const trustBefore = snapshotTree(consumer);
    const dataBefore = snapshotTree(data);
    expect(codeOf(() => restoreRepository(consumer, data, firstEntry))).toBe('ALREADY_EXISTS');
    expect(snapshotTree(consumer)).toEqual(trustBefore);
    expect(snapshotTree(data)).toEqual(dataBefore);

    const second = forgetRepository(consumer, data, gun, { now: new Date('2026-11-23T12:05:00Z') });
    expect(listForgotten(data).map((e) => e.id)).toEqual([second.entry.id, firstEntry]); // newest first
    const restored = restoreRepository(consumer, data, firstEntry);
    expect(restored.method).toBe('renamed');
    expect(treeDigest(join(consumer, 'tuf', gun))).toEqual(cachedBefore);
    expect(listForgotten(data).map((e) => e.id)).toEqual([second.entry.id]);
    // The old root is pinned again, so notary refuses again: the restore is real.
    const again = consumerList();
    expect(again.status).toBe(1);
    expect(again.stdout + again.stderr).toContain('could not rotate trust to a new trusted root');
  });

  it('CLI: trust forget needs --yes (and names the pinned root key), forgotten lists, restore puts back', async () => {
    const run = async (args: string[]) => {
      let out = '';
      let err = '';
      const code = await runCli([...args, '--trust-dir', consumer, '--data-dir', data], { stdout: (t) => (out += String(t)), stderr: (t) => (err += t), env: { HOME: tmp.path }, cwd: tmp.path });
      return { code, out, err };
    };
    const pinned = pinnedRootKeyIds(consumer, gun).keys[0]!.canonicalId!;
    const noYes = await run(['trust', 'forget', '--gun', gun, '--json']);
    expect(noYes.code).toBe(1);
    expect(noYes.err).toMatch(/CONFIRMATION_REQUIRED/);
    expect(noYes.err).toContain(pinned);
    expect(existsSync(join(consumer, 'tuf', gun))).toBe(true);

    const forgot = await run(['trust', 'forget', '--gun', gun, '--yes', '--json']);
    expect(forgot.code, forgot.err).toBe(0);
    const f = JSON.parse(forgot.out) as { id: string; gun: string; pinnedRootKeys: { canonicalId: string }[] };
    expect(f).toMatchObject({ gun, method: 'renamed' });
    expect(f.pinnedRootKeys[0]!.canonicalId).toBe(pinned);
    expect(consumerList().status).toBe(0); // the server's root is accepted again

    const listed = await run(['trust', 'forgotten', '--json']);
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.out) as { id: string }[]).map((e) => e.id)).toContain(f.id);

    expect((await run(['trust', 'restore', '--id', f.id, '--json'])).code).toBe(1); // tuf/<gun> exists again
    expect((await run(['trust', 'restore', '--id', '../../etc', '--json'])).err).toMatch(/INVALID_ARGUMENT/);
    expect((await run(['trust', 'forget', '--gun', '../x', '--yes'])).code).toBe(2);
    expect((await run(['trust', 'restore'])).code).toBe(2);
    expect((await run(['trust', 'bogus'])).code).toBe(2);
  });
});

/** Refusals and failures without a server: caches made by the test tooling. */
describe('forget and restore refuse bad input and never leave a half state', () => {
  const tmp = makeTempDir('tv-reset-unit-');
  afterAll(() => tmp.cleanup());
  let n = 0;
  const gun = 'example.com/team/app';
  const rootKey = certKey('ecdsa', gun);
  const fresh = (g = gun) => {
    const base = join(tmp.path, `case-${++n}`);
    const trust = join(base, 'trust');
    writeTestRepo(trust, { gun: g, root: [rootKey], targets: ecdsaKey(), snapshot: ecdsaKey(), timestamp: ed25519Key(), tags: { v1: 'one' } });
    return { trust, data: join(base, 'data'), base };
  };
  const unchanged = (base: string, f: () => unknown, code: string) => {
    const before = snapshotTree(base);
    expect(codeOf(f)).toBe(code);
    expect(snapshotTree(base)).toEqual(before);
  };

  it.each(['', '/etc', '../x', 'a/../b', 'a//b', './a', 'a\\b', 'x'.repeat(256)])('refuses the GUN %j and writes nothing', (bad) => {
    const { trust, data, base } = fresh();
    unchanged(base, () => forgetRepository(trust, data, bad), 'INVALID_ARGUMENT');
    expect(existsSync(data)).toBe(false);
  });

  it('a GUN with no cache: NOT_FOUND; a GUN whose folder holds another repository: refused', () => {
    const { trust, data, base } = fresh('example.com/team');
    writeTestRepo(trust, { gun: 'example.com/team/web', root: [certKey('ecdsa', 'example.com/team/web')], targets: ecdsaKey(), snapshot: ecdsaKey(), timestamp: ed25519Key(), tags: {} });
    unchanged(base, () => forgetRepository(trust, data, 'example.com/none'), 'NOT_FOUND');
    unchanged(base, () => forgetRepository(trust, data, 'example.com/team'), 'INVALID_ARGUMENT');
    expect(forgetRepository(trust, data, 'example.com/team/web').method).toBe('renamed');
  });

  it('symlinks: a symlinked tuf/<gun> or a symlink inside it is refused, nothing moved', () => {
    const a = fresh();
    const elsewhere = join(a.base, 'elsewhere');
    writeTestRepo(elsewhere, { gun, root: [rootKey], targets: ecdsaKey(), snapshot: ecdsaKey(), timestamp: ed25519Key(), tags: {} });
    symlinkSync(join(elsewhere, 'tuf', gun), join(a.trust, 'tuf', 'example.com', 'linked'));
    unchanged(a.base, () => forgetRepository(a.trust, a.data, 'example.com/linked'), 'INVALID_ARGUMENT');
    const b = fresh();
    symlinkSync('/etc/passwd', join(b.trust, 'tuf', gun, 'metadata', 'extra.json'));
    unchanged(b.base, () => forgetRepository(b.trust, b.data, gun), 'INVALID_ARGUMENT');
  });

  it('restore refuses bad and unknown IDs and a tampered copy, changing nothing', () => {
    const { trust, data, base } = fresh();
    const r = forgetRepository(trust, data, gun);
    for (const bad of ['', '../x', '.', '..', `${r.entry.id}/..`, `../${r.entry.id}`, 'manifest.json']) unchanged(base, () => restoreRepository(trust, data, bad), 'INVALID_ARGUMENT');
    unchanged(base, () => restoreRepository(trust, data, '20000101T000000000Z-nothing'), 'NOT_FOUND');
    writeFileSync(join(r.path, 'repository', 'metadata', 'targets.json'), '{}');
    unchanged(base, () => restoreRepository(trust, data, r.entry.id), 'IO_ERROR');
  });

  /** Renames between the trust dir and the data dir fail with EXDEV, as across file systems. */
  const crossDevice = (trust: string, data: string, extra: Partial<MoveOps> = {}): MoveOps => ({
    rename: (from, to) => {
      if (from.startsWith(trust) !== to.startsWith(trust) || from.startsWith(data) !== to.startsWith(data)) {
        throw Object.assign(new Error('EXDEV: cross-device link not permitted'), { code: 'EXDEV' });
      }
      realOps.rename(from, to);
    },
    copyFile: realOps.copyFile,
    ...extra,
  });

  it('across file systems (EXDEV): copy, verify, then remove; restore the same way; exact bytes and modes', () => {
    const { trust, data } = fresh();
    const src = join(trust, 'tuf', gun);
    const before = treeDigest(src);
    const r = forgetRepository(trust, data, gun, { ops: crossDevice(trust, data) });
    expect(r.method).toBe('copied');
    expect(existsSync(src)).toBe(false);
    expect(readdirSync(join(trust, 'tuf', 'example.com', 'team'))).toEqual([]); // nothing set aside is left
    expect(treeDigest(join(r.path, 'repository'))).toEqual(before);
    const back = restoreRepository(trust, data, r.entry.id, { ops: crossDevice(trust, data) });
    expect(back.method).toBe('copied');
    expect(treeDigest(src)).toEqual(before);
    expect(readdirSync(join(data, 'forgotten'))).toEqual([]);
  });

  it('a copy that fails half way, or comes out different, is rolled back: the cache stays, no entry is left', () => {
    for (const copyFile of [
      (() => {
        let count = 0;
        return (from: string, to: string) => {
          if (++count === 3) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
          copyFileSync(from, to);
        };
      })(),
      (from: string, to: string) => writeFileSync(to, Buffer.concat([readFileSync(from), Buffer.from(' ')])),
    ]) {
      const { trust, data, base } = fresh();
      const before = snapshotTree(join(base, 'trust'));
      expect(codeOf(() => forgetRepository(trust, data, gun, { ops: crossDevice(trust, data, { copyFile }) }))).toMatch(/IO_ERROR/);
      expect(snapshotTree(join(base, 'trust'))).toEqual(before);
      expect(readdirSync(join(data, 'forgotten'))).toEqual([]);
      expect(listForgotten(data)).toEqual([]);
    }
  });

  it('a failure to name the entry after the move puts the cache back (same file system)', () => {
    const { trust, data } = fresh();
    const before = treeDigest(join(trust, 'tuf', gun));
    const failing: MoveOps = {
      rename: (from, to) => {
        if (from.endsWith('.partial')) throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
        realOps.rename(from, to);
      },
      copyFile: realOps.copyFile,
    };
    expect(codeOf(() => forgetRepository(trust, data, gun, { ops: failing }))).toBe('IO_ERROR');
    expect(treeDigest(join(trust, 'tuf', gun))).toEqual(before);
    expect(readdirSync(join(data, 'forgotten'))).toEqual([]);
  });
});
