import { chmodSync, readFileSync, readdirSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { makeTempDir } from '../../../../test/support/temp-dir';
import { snapshotTree } from '../../../../test/support/tree-snapshot';
import { generateKey } from './generate-key';
import { listKeys, listKeysJson } from './scan';

/** The listing index must never make a listing differ from a fresh read of the trust dir. */
describe('listing index', () => {
  const tmp = makeTempDir('tv-index-');
  afterAll(() => tmp.cleanup());
  const trust = join(tmp.path, 'trust');
  const cacheDir = join(tmp.path, 'data', 'cache');
  const pass = 'index passphrase';

  it('gives the same listing as a fresh read, and follows chmod, rewrites and removals', async () => {
    const a = generateKey(trust, { role: 'targets/a', algorithm: 'ecdsa', passphrase: pass }).key;
    const b = generateKey(trust, { role: 'targets/b', algorithm: 'ed25519', passphrase: pass }).key;
    // Age the files past the racy window so the index keeps them.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 10_000);
    try {
      const before = snapshotTree(trust);
      const first = listKeys(trust, { cacheDir });
      expect(readdirSync(cacheDir)).toHaveLength(1);
      expect(snapshotTree(trust)).toEqual(before); // the index lives in the data dir, never in the trust dir
      expect(listKeys(trust, { cacheDir })).toEqual(first);
      // Prove the index is really used: a row edited in place (same length) shows, until the file changes.
      const index = join(cacheDir, readdirSync(cacheDir)[0]!);
      writeFileSync(index, readFileSync(index, 'latin1').replace('"role":"targets/a"', '"role":"targets/q"'), 'latin1');
      expect(listKeys(trust, { cacheDir }).find((k) => k.id === a.id)!.role).toBe('targets/q');
      await new Promise((r) => setTimeout(r, 50)); // past the file system's timestamp tick
      chmodSync(a.path, 0o600); // same mode, but ctime moves
      vi.setSystemTime(Date.now() + 10_000);
      expect(listKeys(trust, { cacheDir }).find((k) => k.id === a.id)!.role).toBe('targets/a');
      expect(JSON.parse(listKeysJson(trust, { cacheDir }).toString('utf8'))).toEqual(listKeys(trust));

      chmodSync(a.path, 0o644);
      expect(listKeys(trust, { cacheDir }).find((k) => k.id === a.id)!.problem?.code).toBe('LOOSE_PERMISSIONS');
      chmodSync(a.path, 0o600);

      // Same size, same mtime, different content: ctime still changes.
      await new Promise((r) => setTimeout(r, 50));
      const text = readFileSync(b.path, 'utf8');
      const { mtime } = statSync(b.path);
      writeFileSync(b.path, text.replace('role: targets/b', 'role: targets/c'));
      utimesSync(b.path, mtime, mtime);
      vi.setSystemTime(Date.now() + 10_000);
      expect(listKeys(trust, { cacheDir }).find((k) => k.id === b.id)!.role).toBe('targets/c');

      unlinkSync(a.path);
      expect(listKeys(trust, { cacheDir }).map((k) => k.id)).toEqual([b.id]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('ignores a damaged index', () => {
    const [file] = readdirSync(cacheDir);
    const path = join(cacheDir, file!);
    writeFileSync(path, readFileSync(path, 'latin1').slice(0, -20), 'latin1');
    expect(listKeys(trust, { cacheDir })).toEqual(listKeys(trust));
    writeFileSync(path, 'garbage');
    expect(listKeys(trust, { cacheDir })).toEqual(listKeys(trust));
  });

  it('lists from the index alone while private/ is unchanged, and recovers from an index damaged half-way', () => {
    generateKey(trust, { role: 'targets/d', algorithm: 'ecdsa', passphrase: pass });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 10_000);
    try {
      const fresh = listKeys(trust);
      expect(listKeys(trust, { cacheDir })).toEqual(fresh);
      const path = join(cacheDir, readdirSync(cacheDir)[0]!);
      const text = readFileSync(path, 'latin1');
      expect(text.split('\n')[1]).toMatch(/^#private [0-9a-f]{96}$/); // the shortcut is on
      expect(listKeys(trust, { cacheDir })).toEqual(fresh);
      // A row without its tabs: the listing notices, drops the index and reads the trust dir instead.
      const rows = text.split('\n');
      rows[2] = rows[2]!.replace(/\t/g, ' ');
      writeFileSync(path, rows.join('\n'), 'latin1');
      expect(listKeys(trust, { cacheDir })).toEqual(fresh);
      expect(listKeys(trust, { cacheDir })).toEqual(fresh);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps the shortcut off while private/ holds anything but key files (a temporary file left behind)', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 10_000);
    try {
      const path = join(cacheDir, readdirSync(cacheDir)[0]!);
      const leftover = join(trust, 'private', '.left-behind.tmp');
      writeFileSync(leftover, 'x');
      vi.setSystemTime(Date.now() + 10_000);
      expect(listKeys(trust, { cacheDir })).toEqual(listKeys(trust));
      expect(readFileSync(path, 'latin1').split('\n')[1]).toMatch(/^#private -/);
      unlinkSync(leftover);
      vi.setSystemTime(Date.now() + 10_000);
      expect(listKeys(trust, { cacheDir })).toEqual(listKeys(trust));
      expect(readFileSync(path, 'latin1').split('\n')[1]).toMatch(/^#private [0-9a-f]{96}$/);
    } finally {
      vi.useRealTimers();
    }
  });
});
