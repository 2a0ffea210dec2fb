import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => vi.unstubAllGlobals());

describe('audit slice: restart', () => {
  it('keeps a refusal as a code; on success shows the new verification and lists again', async () => {
    const damaged = { ok: false, entries: 3, head: 'a'.repeat(64), problems: [{ line: 2, kind: 'edited', message: 'changed' }] };
    const fresh = { ok: true, entries: 1, head: 'b'.repeat(64), problems: [] };
    const entry = { seq: 1, action: 'audit.restarted' };
    let listed: unknown[] = [{ seq: 1 }, { seq: 2 }, { seq: 3 }];
    const asked: string[] = [];
    const vault = {
      audit: {
        list: async () => ({ ok: true, value: listed }),
        verify: async () => ({ ok: true, value: damaged }),
        restart: async ({ confirmation }: { confirmation: string }) => {
          asked.push(confirmation);
          if (confirmation !== 'start a new log') return { ok: false, code: 'CONFIRMATION_REQUIRED', message: 'type it' };
          listed = [entry];
          return { ok: true, value: fresh };
        },
      },
    };
    vi.stubGlobal('window', { vault });
    vi.resetModules();
    const { useStore } = await import('./index');
    await useStore.getState().loadAudit({});
    await useStore.getState().verifyAudit();
    expect(useStore.getState().auditVerification).toEqual(damaged);

    expect(await useStore.getState().restartAudit('start over')).toEqual({ code: 'CONFIRMATION_REQUIRED', message: 'type it' });
    expect(useStore.getState().auditVerification).toEqual(damaged);
    expect(useStore.getState().auditEntries).toHaveLength(3);

    expect(await useStore.getState().restartAudit('start a new log')).toBeNull();
    expect(asked).toEqual(['start over', 'start a new log']);
    expect(useStore.getState()).toMatchObject({ auditVerification: fresh, auditVerifyState: 'ready', auditEntries: [entry], auditState: 'ready' });
  });
});
