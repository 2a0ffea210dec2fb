import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TrustDirInfo } from '../../../shared/dto/app';
import type { BackupCreated, DriveInfo, ProgressEvent } from '../../../shared/dto/backups';

const dirA: TrustDirInfo = { id: 'a', path: '/t/a', label: 'a', origin: 'custom', exists: true, selected: true };
const dirB: TrustDirInfo = { id: 'b', path: '/t/b', label: 'b', origin: 'custom', exists: true, selected: false };
const drive: DriveInfo = {
  id: 'd1',
  label: 'BACKUP-A',
  device: '/dev/sdb1',
  description: 'USB',
  size: 1e9,
  free: 1e9,
  mountPoint: '/media/a',
  filesystem: 'ext4',
  readOnly: false,
  noPermissions: false,
  problem: null,
};

type Listener = (payload: unknown) => void;

async function storeWith(backups: Record<string, (args: Record<string, unknown>) => Promise<unknown>>, extra: Record<string, unknown> = {}) {
  const listeners = new Map<string, Set<Listener>>();
  const calls: { op: string; args: Record<string, unknown> }[] = [];
  let dirs = [dirA, dirB];
  const record =
    (op: string, fn: (args: Record<string, unknown>) => Promise<unknown>) =>
    (args: Record<string, unknown>) => {
      calls.push({ op, args });
      return fn(args);
    };
  const vault = {
    trustDirs: {
      list: async () => ({ ok: true, value: dirs }),
      add: record('trustDirs.add', async () => {
        const c: TrustDirInfo = { id: 'c', path: '/t/c', label: 'c', origin: 'custom', exists: true, selected: true };
        dirs = [...dirs.map((d) => ({ ...d, selected: false })), c];
        return { ok: true, value: c };
      }),
      select: record('trustDirs.select', async ({ id }) => {
        dirs = dirs.map((d) => ({ ...d, selected: d.id === id }));
        return { ok: true, value: dirs };
      }),
    },
    keys: { list: async () => ({ ok: true, value: { trustDir: '/t/a', keys: [] } }) },
    drives: { list: record('drives.list', async () => ({ ok: true, value: [drive] })) },
    backups: Object.fromEntries(Object.entries(backups).map(([k, fn]) => [k, record(`backups.${k}`, fn)])),
    ...extra,
  };
  const vaultEvents = {
    on: (name: string, listener: Listener) => {
      if (!listeners.has(name)) listeners.set(name, new Set());
      listeners.get(name)!.add(listener);
      return () => listeners.get(name)!.delete(listener);
    },
  };
  const emit = (name: string, payload: unknown) => listeners.get(name)?.forEach((l) => l(payload));
  vi.stubGlobal('window', { vault, vaultEvents });
  vi.resetModules();
  const { useStore } = await import('./index');
  await useStore.getState().loadTrustDirs();
  return { useStore, calls, emit, listeners };
}

afterEach(() => vi.unstubAllGlobals());

describe('backups slice', () => {
  it('lists drives, then follows the drives event until unsubscribed', async () => {
    const { useStore, emit, listeners } = await storeWith({});
    const off = useStore.getState().watchBackupEvents();
    await useStore.getState().loadDrives();
    expect(useStore.getState()).toMatchObject({ drives: [drive], drivesState: 'ready' });
    emit('drives', []);
    expect(useStore.getState().drives).toEqual([]);
    off();
    expect([...listeners.values()].every((s) => s.size === 0)).toBe(true);
    emit('drives', [drive]);
    expect(useStore.getState().drives).toEqual([]);
  });

  it('creates a backup in one call with a fresh job ID, shows only that job’s progress, and keeps no passphrase', async () => {
    let emitLater: (e: ProgressEvent) => void = () => undefined;
    const created: BackupCreated = { backupId: 'b1', createdAt: '2026-01-01T00:00:00.000Z', keyIds: [], pinnedRoots: [], copies: [] };
    const { useStore, calls, emit } = await storeWith({
      create: async (args) => {
        emitLater({ jobId: args.jobId as string, phase: 'writing', target: 'BACKUP-A', done: 1, total: 2 });
        emitLater({ jobId: 'someone-else', phase: 'writing', target: 'X', done: 1, total: 2 });
        return { ok: true, value: created };
      },
      coverage: async () => ({ ok: true, value: { trustDir: '/t/a', keys: [], locations: [], drillAfterDays: 180 } }),
    });
    useStore.getState().watchBackupEvents();
    emitLater = (e) => emit('progress', e);
    const r = await useStore.getState().createBackup({
      keyIds: null,
      includePinnedRoots: true,
      destinations: [{ kind: 'drive', driveId: 'd1' }, { kind: 'folder' }],
      passphrase: 'correct horse battery staple',
    });
    expect(r).toEqual({ ok: true, value: created });
    const call = calls.find((c) => c.op === 'backups.create')!;
    expect(call.args).toMatchObject({ trustDirId: 'a', includePinnedRoots: true, destinations: [{ kind: 'drive', driveId: 'd1' }, { kind: 'folder' }] });
    expect(call.args).not.toHaveProperty('keyIds');
    expect(call.args.jobId).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    const progress = useStore.getState().backupProgress;
    expect(progress.jobId).toBeNull(); // finished: late events are ignored
    expect(Object.values(progress.entries)).toEqual([{ jobId: call.args.jobId, phase: 'writing', target: 'BACKUP-A', done: 1, total: 2 }]);
    expect(JSON.stringify(useStore.getState())).not.toContain('correct horse');
    await vi.waitFor(() => expect(calls.some((c) => c.op === 'backups.coverage')).toBe(true));
  });

  it('keeps a failed call as a code, and treats a cancelled dialog as no file', async () => {
    const { useStore } = await storeWith({
      verify: async () => ({ ok: false, code: 'WRONG_PASSPHRASE', message: 'age: no identity matched' }),
      chooseFile: async () => ({ ok: false, code: 'CANCELLED', message: 'cancelled' }),
      coverage: async () => ({ ok: false, code: 'TRUST_DIR_UNAVAILABLE', message: 'gone' }),
    });
    expect(await useStore.getState().verifyBackup('f1', 'nope nope nope')).toEqual({
      ok: false,
      error: { code: 'WRONG_PASSPHRASE', message: 'age: no identity matched' },
    });
    expect(await useStore.getState().chooseBackupFile()).toEqual({ ok: true, value: null });
    await useStore.getState().loadCoverage();
    expect(useStore.getState()).toMatchObject({ coverage: null, coverageState: 'error', coverageError: { code: 'TRUST_DIR_UNAVAILABLE' } });
  });

  it('adds a restore target without leaving the folder open now', async () => {
    const { useStore, calls } = await storeWith({});
    expect(await useStore.getState().addRestoreTarget()).toEqual({ ok: true, value: 'c' });
    expect(calls.map((c) => c.op)).toEqual(['trustDirs.add', 'trustDirs.select']);
    expect(calls[1]!.args).toEqual({ id: 'a' });
    expect(useStore.getState().trustDirs.map((d) => [d.id, d.selected])).toEqual([
      ['a', true],
      ['b', false],
      ['c', false],
    ]);
  });

  it('previews without a passphrase for a plain archive, restores, and reloads the open folder', async () => {
    const { useStore, calls } = await storeWith({
      previewRestore: async () => ({ ok: true, value: { planId: 'p1', file: 'x', format: 'tar.gz', encrypted: false, backupId: null, createdAt: null, keys: [], roots: [] } }),
      restore: async () => ({ ok: true, value: { trustDir: '/t/a', written: ['private/x.key'], skipped: [] } }),
      coverage: async () => ({ ok: true, value: { trustDir: '/t/a', keys: [], locations: [], drillAfterDays: 180 } }),
    });
    const p = await useStore.getState().previewRestore('a', 'f1', null);
    expect(p.ok).toBe(true);
    expect(calls.find((c) => c.op === 'backups.previewRestore')!.args).not.toHaveProperty('passphrase');
    const r = await useStore.getState().restoreBackup({ trustDirId: 'a', planId: 'p1', keyPaths: ['private/x.key'], rootGuns: [] });
    expect(r).toMatchObject({ ok: true, value: { written: ['private/x.key'] } });
    await vi.waitFor(() => expect(calls.some((c) => c.op === 'backups.coverage')).toBe(true));
  });

  it('resetAll wipes drives, coverage, progress and the tab', async () => {
    const { useStore } = await storeWith({});
    await useStore.getState().loadDrives();
    useStore.getState().showBackupsTab('restore');
    useStore.getState().resetAll();
    expect(useStore.getState()).toMatchObject({ drives: [], coverage: null, backupsTab: 'coverage', backupProgress: { jobId: null, entries: {} } });
  });
});
