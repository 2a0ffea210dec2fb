import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TrustDirInfo } from '../../../shared/dto/app';
import type { KeyInfo } from '../../../shared/dto/keys';
import { keyInfo } from '../../../test/support/key-info';

const dir = (id: string, selected: boolean): TrustDirInfo => ({ id, path: `/t/${id}`, label: id, origin: 'custom', exists: true, selected });
const key = (id: string): KeyInfo =>
  keyInfo(id.repeat(64).slice(0, 64), { role: 'root', gun: null, kind: 'root', path: `/t/private/${id}.key`, file: `private/${id}.key` });

async function storeWith(keysByDir: Record<string, KeyInfo[]>) {
  let dirs = [dir('a', true), dir('b', false)];
  const vault = {
    trustDirs: {
      list: async () => ({ ok: true, value: dirs }),
      select: async ({ id }: { id: string }) => {
        dirs = dirs.map((d) => ({ ...d, selected: d.id === id }));
        return { ok: true, value: dirs };
      },
    },
    keys: {
      list: async ({ trustDirId }: { trustDirId: string }) => ({
        ok: true,
        value: { trustDir: `/t/${trustDirId}`, keys: keysByDir[trustDirId] ?? [] },
      }),
    },
  };
  vi.stubGlobal('window', { vault });
  vi.resetModules();
  const { useStore } = await import('./index');
  return useStore;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('store', () => {
  it('loads the folders, then the keys of the selected one', async () => {
    const useStore = await storeWith({ a: [key('1')], b: [key('2'), key('3')] });
    await useStore.getState().loadTrustDirs();
    expect(useStore.getState().keys.map((k) => k.id[0])).toEqual(['1']);
    useStore.getState().selectKey(useStore.getState().keys[0]!.id);

    await useStore.getState().selectTrustDir('b');
    const s = useStore.getState();
    expect(s.keys.map((k) => k.id[0])).toEqual(['2', '3']);
    expect(s.selectedKeyId).toBeNull();
    expect(s.keysTrustDir).toBe('/t/b');
  });

  it('resetAll wipes every slice', async () => {
    const useStore = await storeWith({ a: [key('1')] });
    await useStore.getState().loadTrustDirs();
    useStore.getState().openDialog({ type: 'generate' });
    useStore.getState().notify({ tone: 'info', title: 'hello' });
    useStore.getState().resetAll();
    const s = useStore.getState();
    expect(s.trustDirs).toEqual([]);
    expect(s.keys).toEqual([]);
    expect(s.dialog).toBeNull();
    expect(s.notices).toEqual([]);
    expect(s.keysState).toBe('idle');
  });
});
