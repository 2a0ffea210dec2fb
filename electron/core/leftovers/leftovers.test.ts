import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test/support/temp-dir';
import { withFileLock } from '../audit/file-lock';
import { generateKey } from '../keys/store/generate-key';
import { findLeftovers, promoteLeftover, removeLeftovers } from './leftovers';
import { setOfflineKeyLookup } from '../keys/offline-key-source';

describe('leftovers of interrupted writes', () => {
  const tmp = makeTempDir('tv-leftovers-');
  afterAll(() => tmp.cleanup());
  const old = new Date(Date.now() - 3600_000);
  const age = (path: string) => utimesSync(path, old, old);

  it('finds temp and partial files older than a write, says which one holds the only copy of a key, promotes it', () => {
    const trust = join(tmp.path, 'trust');
    const a = generateKey(trust, { role: 'root', algorithm: 'ecdsa', passphrase: 'a key passphrase' }).key;
    const b = generateKey(trust, { role: 'root', algorithm: 'ecdsa', passphrase: 'a key passphrase' }).key;
    const priv = join(trust, 'private');
    // a: the write was interrupted after its temp file was complete but before it was linked (rotated key).
    const onlyCopy = join(priv, `.${a.id}.key.0123456789ab.tmp`);
    renameSync(a.path, onlyCopy);
    // b: a temp of a key that is in place; and a half backup on a drive folder.
    const dup = join(priv, `.${b.id}.key.ba9876543210.tmp`);
    copyFileSync(b.path, dup);
    const partial = join(tmp.path, '.keys.tar.gz.age.partial-00aa11bb22cc');
    writeFileSync(partial, 'half');
    const young = join(priv, `.${b.id}.key.ffffffffffff.tmp`);
    writeFileSync(young, 'being written right now');
    for (const p of [onlyCopy, dup, partial]) age(p);

    const found = findLeftovers([priv, tmp.path], new Date());
    expect(found.map((l) => [l.path, l.uniqueKeyId]).sort()).toEqual([[onlyCopy, a.id], [dup, null], [partial, null]].sort());
    // The only copy of a key is not removed without insisting; the rest are.
    expect(() => removeLeftovers(found)).toThrow(/only copy of key/);
    expect(removeLeftovers(found.filter((l) => !l.uniqueKeyId)).sort()).toEqual([dup, partial].sort());
    expect(promoteLeftover(found.find((l) => l.uniqueKeyId)!)).toBe(a.path);
    expect(readFileSync(a.path, 'utf8')).toMatch(/BEGIN ENCRYPTED PRIVATE KEY/);
    expect(existsSync(young)).toBe(true);
    expect(findLeftovers([priv, tmp.path], new Date())).toEqual([]);
  });

  it('a leftover of a key the unlocked vault holds offline is not its only copy', () => {
    const trust = join(tmp.path, 'offline');
    const k = generateKey(trust, { role: 'root', algorithm: 'ecdsa', passphrase: 'a key passphrase' }).key;
    const bytes = readFileSync(k.path);
    // Taken offline (its file gone from the trust dir), and a write of it interrupted before it was linked.
    const left = join(trust, 'private', `.${k.id}.key.0123456789ab.tmp`);
    renameSync(k.path, left);
    age(left);
    const lookups: string[] = [];
    const unbind = setOfflineKeyLookup((id) => (lookups.push(id), id === k.id ? Buffer.from(bytes) : undefined));
    try {
      expect(findLeftovers([join(trust, 'private')], new Date()).map((l) => [l.path, l.uniqueKeyId])).toEqual([[left, null]]);
      expect(lookups).toEqual([k.id]);
    } finally {
      unbind();
    }
    // Vault locked (nothing bound): its header is not proof, so the leftover stays the only copy.
    expect(findLeftovers([join(trust, 'private')], new Date()).map((l) => l.uniqueKeyId)).toEqual([k.id]);
  });

  it('a lock file left by a process that is gone is broken at once, not after its staleness', () => {
    const lock = join(tmp.path, 'vault.tv.lock');
    // PID 2^22 + 1 is above Linux's pid_max: no such process.
    writeFileSync(lock, `4194305 ${'a'.repeat(16)}\n`);
    expect(withFileLock(lock, () => 'ran', { waitMs: 1000, staleMs: 600_000 })).toBe('ran');
    expect(existsSync(lock)).toBe(false);
  });

  it('a lock file never exists without its holder in it, and leaves nothing beside it', () => {
    const dir = join(tmp.path, 'locks');
    mkdirSync(dir);
    const lock = join(dir, 'audit.lock');
    // Inside the critical section the lock already names this process: a kill -9 at any point leaves no empty lock.
    expect(withFileLock(lock, () => readFileSync(lock, 'utf8'))).toMatch(new RegExp(`^${process.pid} [0-9a-f]{16}\n$`));
    expect(readdirSync(dir)).toEqual([]);
    // Held by a live process (this one): the next waits, and says so after waitMs.
    writeFileSync(lock, `${process.pid} ${'b'.repeat(16)}\n`);
    expect(() => withFileLock(lock, () => 'ran', { waitMs: 100 })).toThrow(/another process has held it/);
    expect(readdirSync(dir)).toEqual(['audit.lock']);
  });

  it('an empty lock file, left by a run killed between making and writing it, is broken after a second, not after staleness', () => {
    const lock = join(tmp.path, 'empty.lock');
    writeFileSync(lock, '');
    const twoSecondsAgo = new Date(Date.now() - 2000);
    utimesSync(lock, twoSecondsAgo, twoSecondsAgo);
    expect(withFileLock(lock, () => 'ran', { waitMs: 1000, staleMs: 600_000 })).toBe('ran');
    expect(existsSync(lock)).toBe(false);
  });
});
