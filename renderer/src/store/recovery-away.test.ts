import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RecoveryAway } from './types';

async function store() {
  vi.stubGlobal('window', { vault: { repos: { status: async () => ({ ok: false, code: 'NOT_FOUND', message: 'none' }) } } });
  vi.resetModules();
  const { useStore } = await import('./index');
  return useStore;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const away = (over: Partial<RecoveryAway> = {}): RecoveryAway => ({
  gun: 'example.com/app',
  page: 2,
  stepId: 'rotate-targets',
  stepIds: ['restore-backup', 'rotate-targets'],
  outcomes: { 1: { kind: 'skipped' } },
  screen: 'vault',
  stepTitle: 'Replace the lost targets key',
  todo: 'Unlock the vault.',
  ...over,
});

describe('the recovery wizard away on another screen (issue 16, point 7)', () => {
  it('remembers its place and shows the screen the step needs', async () => {
    const useStore = await store();
    useStore.getState().openDialog({ type: 'lostKey', keyId: null });
    useStore.getState().leaveRecovery(away());
    const s = useStore.getState();
    expect(s.screen).toBe('vault');
    expect(s.dialog).toBeNull();
    expect(s.recoveryAway?.stepId).toBe('rotate-targets');
  });

  it('goes back through the repository page, closing one left open so the request is not lost', async () => {
    const useStore = await store();
    useStore.setState({ selectedGun: 'example.com/app', screen: 'vault' });
    useStore.getState().leaveRecovery(away({ screen: 'backups' }));
    useStore.getState().returnToRecovery();
    const s = useStore.getState();
    expect(s.screen).toBe('repos');
    expect(s.pendingRecoveryGun).toBe('example.com/app');
    expect(s.selectedGun).toBeNull();
    // The wizard takes its place back and clears it.
    expect(s.recoveryAway?.page).toBe(2);
    s.clearRecoveryAway();
    expect(useStore.getState().recoveryAway).toBeNull();
  });

  it('does nothing when nothing waits', async () => {
    const useStore = await store();
    useStore.getState().returnToRecovery();
    expect(useStore.getState().pendingRecoveryGun).toBeNull();
  });
});
