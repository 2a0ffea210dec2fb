import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TrustDirInfo } from '../../../shared/dto/app';
import type { KeyListing } from '../../../shared/dto/keys';
import type { LeftoverInfo, LeftoverOutcome } from '../../../shared/dto/leftovers';
import type { AuditEntry } from '../../../shared/dto/vault';
import { scriptedCore } from '../../../test/support/scripted-core';
import { makeTempDir } from '../../../test/support/temp-dir';
import { generateKey } from '../keys/store/generate-key';

/** leftovers.list, .promote and .remove through the guarded dispatcher (issue 13, point 3): opaque IDs, re-checked. */
describe('leftovers through the contract', () => {
  const tmp = makeTempDir('tv-leftover-ipc-');
  afterAll(() => tmp.cleanup());
  const core = scriptedCore(tmp.path);
  const { call, fail } = core;
  const dataDir = core.ports.dataDir;
  const old = new Date(Date.now() - 3600_000);
  const age = (path: string) => utimesSync(path, old, old);
  const addDir = async (path: string) => {
    core.folders.push(path);
    return (await call<TrustDirInfo>('trustDirs.add', {})).id;
  };
  const key = (trust: string, role = 'root', gun?: string) => generateKey(trust, { role, gun, algorithm: 'ecdsa', passphrase: 'a key passphrase' }).key;

  it('lists without paths, promotes the only copy of a key, removes the rest, refuses forged and stale IDs, audits each action', async () => {
    const trust = join(tmp.path, 'trust');
    const priv = join(trust, 'private');
    const a = key(trust, 'targets', 'example.com/app');
    const b = key(trust);
    // a: interrupted after its temp file was complete, before the link (a rotated key): the only copy.
    const onlyCopy = join(priv, `.${a.id}.key.0123456789ab.tmp`);
    renameSync(a.path, onlyCopy);
    // b: a temp of a key that is in place; a half-written file in the data folder.
    const dup = join(priv, `.${b.id}.key.ba9876543210.tmp`);
    copyFileSync(b.path, dup);
    mkdirSync(join(dataDir, 'vault'), { recursive: true });
    const partial = join(dataDir, 'vault', '.vault.tv.partial-00aa11bb22cc');
    writeFileSync(partial, 'half');
    // Being written right now: not a leftover.
    const young = join(priv, `.${b.id}.key.ffffffffffff.tmp`);
    writeFileSync(young, 'being written');
    for (const p of [onlyCopy, dup, partial]) age(p);

    const trustDirId = await addDir(trust);
    const listed = await call<LeftoverInfo[]>('leftovers.list', { trustDirId });
    expect(listed.map((l) => [l.folder, l.target, l.kind, l.onlyCopyOf?.keyId ?? null]).sort()).toEqual(
      [
        ['trustDir', `${a.id}.key`, 'temp', a.id],
        ['trustDir', `${b.id}.key`, 'temp', null],
        ['dataDir', 'vault/vault.tv', 'partial', null],
      ].sort(),
    );
    expect(listed.find((l) => l.onlyCopyOf)!.onlyCopyOf).toEqual({ keyId: a.id, role: 'targets', gun: 'example.com/app' });
    // No path crosses: not the temp folder, not a file name of ours.
    expect(JSON.stringify(listed)).not.toContain(tmp.path);
    expect(JSON.stringify(listed)).not.toContain('.tmp');
    // Listing the keys no longer says leftovers with their paths; the leftovers list does, without.
    expect(JSON.stringify(await call<KeyListing>('keys.list', { trustDirId }))).not.toContain('interrupted write');
    const idOf = (target: string, ls = listed) => ls.find((l) => l.target === target)!.id;

    // Forged IDs: well-formed ones match nothing; malformed ones do not get past the contract. Nothing changes.
    expect(await fail('leftovers.promote', { trustDirId, id: 'A'.repeat(32) })).toBe('NOT_FOUND');
    expect(await fail('leftovers.remove', { trustDirId, ids: [idOf(`${b.id}.key`), 'A'.repeat(32)] })).toBe('NOT_FOUND');
    expect(await fail('leftovers.remove', { trustDirId, ids: ['../../etc/passwd'] })).toBe('INVALID_ARGUMENT');
    expect(await fail('leftovers.remove', { trustDirId, ids: [onlyCopy] })).toBe('INVALID_ARGUMENT');
    expect(await fail('leftovers.remove', { trustDirId, ids: [] })).toBe('INVALID_ARGUMENT');
    expect([onlyCopy, dup, partial].every((p) => existsSync(p))).toBe(true);

    // An ID is bound to its trust folder: the same file seen from another folder has another ID.
    const otherTrust = join(tmp.path, 'other-trust');
    key(otherTrust);
    const otherId = await addDir(otherTrust);
    expect(await fail('leftovers.remove', { trustDirId: otherId, ids: [idOf('vault/vault.tv')] })).toBe('NOT_FOUND');
    expect(existsSync(partial)).toBe(true);

    // Stale: the file changed after it was listed; its old ID is refused, the new listing's works.
    writeFileSync(partial, 'half, and then some');
    age(partial);
    expect(await fail('leftovers.remove', { trustDirId, ids: [idOf('vault/vault.tv')] })).toBe('NOT_FOUND');
    expect(existsSync(partial)).toBe(true);
    const relisted = await call<LeftoverInfo[]>('leftovers.list', { trustDirId });
    expect(idOf('vault/vault.tv', relisted)).not.toBe(idOf('vault/vault.tv'));
    expect(idOf(`${a.id}.key`, relisted)).toBe(idOf(`${a.id}.key`));

    // The only copy of a key is not removed without the person's consent, and nothing else goes with the refusal.
    expect(await fail('leftovers.remove', { trustDirId, ids: [idOf(`${a.id}.key`, relisted), idOf(`${b.id}.key`, relisted)] })).toBe('CONFIRMATION_REQUIRED');
    expect([onlyCopy, dup].every((p) => existsSync(p))).toBe(true);
    // A leftover whose key is in place has nothing to promote.
    expect(await fail('leftovers.promote', { trustDirId, id: idOf(`${b.id}.key`, relisted) })).toBe('INVALID_ARGUMENT');

    const promoted = await call<LeftoverOutcome>('leftovers.promote', { trustDirId, id: idOf(`${a.id}.key`, relisted) });
    expect(promoted.promoted).toEqual([a.id]);
    expect(readFileSync(a.path, 'utf8')).toMatch(/BEGIN ENCRYPTED PRIVATE KEY/);
    expect(existsSync(onlyCopy)).toBe(false);
    expect((await call<KeyListing>('keys.list', { trustDirId })).keys.map((k) => k.id)).toContain(a.id);
    // Its ID is stale now.
    expect(await fail('leftovers.promote', { trustDirId, id: idOf(`${a.id}.key`, relisted) })).toBe('NOT_FOUND');

    const removed = await call<LeftoverOutcome>('leftovers.remove', { trustDirId, ids: promoted.leftovers.map((l) => l.id) });
    expect(removed.removed.sort()).toEqual([`${b.id}.key`, 'vault/vault.tv'].sort());
    expect(removed.leftovers).toEqual([]);
    expect([dup, partial].some((p) => existsSync(p))).toBe(false);
    expect(existsSync(young)).toBe(true);

    // With consent, the only copy of a key goes too.
    const c = key(trust);
    const cOnly = join(priv, `.${c.id}.key.00000000cccc.tmp`);
    renameSync(c.path, cOnly);
    age(cOnly);
    const [cLeft] = await call<LeftoverInfo[]>('leftovers.list', { trustDirId });
    expect(cLeft!.onlyCopyOf?.keyId).toBe(c.id);
    expect((await call<LeftoverOutcome>('leftovers.remove', { trustDirId, ids: [cLeft!.id], insist: true })).removed).toEqual([`${c.id}.key`]);
    expect(existsSync(cOnly)).toBe(false);

    const log = await call<AuditEntry[]>('audit.list', {});
    const ours = log.filter((e) => e.action.startsWith('key.leftover-'));
    expect(ours.filter((e) => e.result === 'ok').map((e) => [e.action, e.keyIds])).toEqual([
      ['key.leftover-promoted', [a.id]],
      ['key.leftover-removed', [b.id]],
      ['key.leftover-removed', [c.id]],
    ]);
    expect(ours.at(-1)!.detail).toMatch(/insisted past the only-copy warning/);
    expect(ours.filter((e) => e.result === 'failed').map((e) => e.error)).toContain('CONFIRMATION_REQUIRED');
    expect(ours.every((e) => e.actor.via === 'app')).toBe(true);
  });
});
