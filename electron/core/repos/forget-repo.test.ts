import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TrustDirInfo } from '../../../shared/dto/app';
import type { ForgetOutcome, ForgottenRepo, PinnedRootInfo, RepoSummary, RestoreOutcome } from '../../../shared/dto/repos';
import { makeTempDir } from '../../../test/support/temp-dir';
import { certKey, ecdsaKey, ed25519Key, writeTestRepo } from '../../../test/support/tuf-repo';
import { scriptedCore } from '../../../test/support/scripted-core';

/** repos.pinnedRoot, repos.forget, repos.forgotten and repos.restore through the guarded dispatcher. */
describe('consumer reset handlers', () => {
  const tmp = makeTempDir('tv-forget-');
  afterAll(() => tmp.cleanup());
  const now = new Date('2030-01-01T00:00:00Z');
  const core = scriptedCore(tmp.path, { now: () => now });
  const { call, fail, folders: answers } = core;
  const dataDir = core.ports.dataDir;
  const repo = (trust: string, gun: string) => {
    const root = certKey('ecdsa', gun, { days: 36500 });
    writeTestRepo(trust, { gun, root: [root], targets: ecdsaKey(), snapshot: ecdsaKey(), timestamp: ed25519Key(), tags: { v1: 'one' } });
    return root;
  };
  const addDir = async (path: string) => {
    answers.push(path);
    return (await call<TrustDirInfo>('trustDirs.add', {})).id;
  };

  it('forgets a repository only with its name typed, lists it as forgotten, and restores it', async () => {
    const trust = join(tmp.path, 'trust');
    const gun = 'example.com/t/app';
    const root = repo(trust, gun);
    repo(trust, 'example.com/t/other');
    const trustDirId = await addDir(trust);

    const pinned = await call<PinnedRootInfo>('repos.pinnedRoot', { trustDirId, gun });
    expect(pinned).toMatchObject({ gun, version: 1, error: null });
    expect(pinned.keys.map((k) => k.id)).toEqual([root.id]);

    // Without the GUN typed exactly, nothing moves.
    expect(await fail('repos.forget', { trustDirId, gun, confirmation: '' })).toBe('CONFIRMATION_REQUIRED');
    expect(await fail('repos.forget', { trustDirId, gun, confirmation: 'example.com/t/APP' })).toBe('CONFIRMATION_REQUIRED');
    expect(existsSync(join(trust, 'tuf', gun, 'metadata', 'root.json'))).toBe(true);

    const out = await call<ForgetOutcome>('repos.forget', { trustDirId, gun, confirmation: gun });
    expect(out.pinnedRootKeyIds).toEqual([root.id]);
    expect(out.entryId).toMatch(/^20300101T000000000Z-/);
    expect(out.movedTo).toBe(join(dataDir, 'forgotten', out.entryId));
    expect(existsSync(join(trust, 'tuf', gun))).toBe(false);
    expect(existsSync(join(out.movedTo, 'repository', 'metadata', 'root.json'))).toBe(true);
    expect(statSync(join(dataDir, 'forgotten')).mode & 0o777).toBe(0o700);

    // Gone from the list, present among the forgotten, with the root it pinned.
    const list = await call<RepoSummary[]>('repos.list', { trustDirId });
    expect(list.map((r) => r.gun)).toEqual(['example.com/t/other']);
    const forgotten = await call<ForgottenRepo[]>('repos.forgotten', { trustDirId });
    expect(forgotten).toEqual([
      expect.objectContaining({ id: out.entryId, gun, forgottenAt: now.toISOString(), rootVersion: 1, originalPath: join(trust, 'tuf', gun) }),
    ]);
    expect(forgotten[0]!.pinnedRootKeys.map((k) => k.id)).toEqual([root.id]);
    expect(forgotten[0]).not.toHaveProperty('files');
    expect(await fail('repos.pinnedRoot', { trustDirId, gun })).toBe('NOT_FOUND');

    // Another trust dir sees none of this trust dir's forgotten entries and cannot restore them.
    const other = join(tmp.path, 'other');
    mkdirSync(other);
    const otherId = await addDir(other);
    expect(await call('repos.forgotten', { trustDirId: otherId })).toEqual([]);
    expect(await fail('repos.restore', { trustDirId: otherId, entryId: out.entryId })).toBe('NOT_FOUND');

    const back = await call<RestoreOutcome>('repos.restore', { trustDirId, entryId: out.entryId });
    expect(back).toEqual({ gun, path: join(trust, 'tuf', gun) });
    expect((await call<RepoSummary[]>('repos.list', { trustDirId })).map((r) => r.gun).sort()).toEqual([gun, 'example.com/t/other']);
    expect(await call('repos.forgotten', { trustDirId })).toEqual([]);
    expect(await fail('repos.restore', { trustDirId, entryId: out.entryId })).toBe('NOT_FOUND');
  });

  it('refuses to restore over trust data fetched again, and bad arguments', async () => {
    const trust = join(tmp.path, 'again');
    const gun = 'example.com/t/again';
    repo(trust, gun);
    const trustDirId = await addDir(trust);
    const out = await call<ForgetOutcome>('repos.forget', { trustDirId, gun, confirmation: gun });
    repo(trust, gun); // the user pulled again: new trust data for the same GUN
    expect(await fail('repos.restore', { trustDirId, entryId: out.entryId })).toBe('ALREADY_EXISTS');
    expect(await call<ForgottenRepo[]>('repos.forgotten', { trustDirId })).toHaveLength(1);

    expect(await fail('repos.forget', { trustDirId, gun: 'example.com/none', confirmation: 'example.com/none' })).toBe('NOT_FOUND');
    expect(await fail('repos.forget', { trustDirId, gun: '../etc', confirmation: '../etc' })).toBe('INVALID_ARGUMENT');
    expect(await fail('repos.forget', { trustDirId, gun })).toBe('INVALID_ARGUMENT');
    expect(await fail('repos.restore', { trustDirId, entryId: '..' })).toBe('INVALID_ARGUMENT');
    expect(await fail('repos.restore', { trustDirId, entryId: '20300101T000000000Z-x/../../y' })).toBe('INVALID_ARGUMENT');
    expect(await fail('repos.forgotten', { trustDirId, extra: 1 })).toBe('INVALID_ARGUMENT');
  });
});
