import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LooseFolder } from '../../../shared/dto/folders';

const open = (path: string): LooseFolder => ({ path, kind: 'private', problem: 'open', message: `${path} can be read by others` }) as LooseFolder;
const link = (path: string): LooseFolder => ({ path, kind: 'trust-dir', problem: 'symlink', message: `${path} is a symbolic link` }) as LooseFolder;

afterEach(() => vi.unstubAllGlobals());

async function store() {
  const calls: [string, unknown][] = [];
  const loose: Record<string, LooseFolder[]> = { a: [open('/t/a/private'), link('/t/a')], b: [] };
  vi.stubGlobal('window', {
    vault: {
      folders: {
        check: async (a: { trustDirId: string }) => (calls.push(['check', a]), { ok: true, value: loose[a.trustDirId] }),
        tighten: async (a: { trustDirId: string }) => {
          calls.push(['tighten', a]);
          if (a.trustDirId === 'gone') return { ok: false, code: 'TRUST_DIR_UNAVAILABLE', message: 'the folder is gone' };
          const tightened = loose[a.trustDirId]!.filter((l) => l.problem === 'open').map((l) => l.path);
          loose[a.trustDirId] = loose[a.trustDirId]!.filter((l) => l.problem !== 'open');
          return { ok: true, value: { tightened, remaining: loose[a.trustDirId] } };
        },
      },
    },
  });
  vi.resetModules();
  const { useStore } = await import('./index');
  return { useStore, calls };
}

describe('folders slice', () => {
  it('keeps the loose folders of one trust folder; tightening leaves what only the person can fix', async () => {
    const { useStore, calls } = await store();
    const s = useStore.getState;
    await s().checkLooseFolders('a');
    expect(s()).toMatchObject({ looseFoldersDirId: 'a', looseFolders: [{ problem: 'open' }, { problem: 'symlink' }] });
    expect(await s().tightenLooseFolders('a')).toEqual({ ok: true, value: ['/t/a/private'] });
    expect(s().looseFolders.map((l) => l.problem)).toEqual(['symlink']);
    expect(calls.map(([op]) => op)).toEqual(['check', 'tighten']);

    // Another folder starts afresh; a failure is said and changes nothing.
    await s().checkLooseFolders('b');
    expect(s()).toMatchObject({ looseFoldersDirId: 'b', looseFolders: [] });
    expect(await s().tightenLooseFolders('gone')).toEqual({ ok: false, error: { code: 'TRUST_DIR_UNAVAILABLE', message: 'the folder is gone' } });
    s().resetAll();
    expect(s()).toMatchObject({ looseFoldersDirId: null, looseFolders: [] });
  });
});
