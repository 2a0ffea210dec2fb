import { describe, expect, it } from 'vitest';
import type { RecoveryKey, RecoveryPlan, RecoveryStep } from '../../../../shared/dto/recovery';
import { returnPage, sameSteps, stepLinks, type StepLinkContext } from './step-links';

const ROOT = 'a'.repeat(64);
const key = (id: string, where: Partial<RecoveryKey>): RecoveryKey => ({
  keyId: id,
  canonicalId: id,
  type: 'ecdsa',
  files: [],
  tokens: [],
  backups: [],
  unverifiedBackups: [],
  ...where,
});
const step = (id: RecoveryStep['id'], needs: string[] = []): RecoveryStep => ({
  id,
  role: '',
  title: id,
  options: [{ title: id, changesOnServer: null, needsKeys: needs.length ? [{ role: 'root', keyIds: needs }] : [], commands: [], possibleNow: true, blockedBy: null }],
});
const plan = (rootKey: RecoveryKey, steps: RecoveryStep[], server = true): RecoveryPlan =>
  ({
    gun: 'example.com/app',
    source: server ? { kind: 'server', server: 'https://notary.example.com' } : { kind: 'cache', trustDir: '/t' },
    roles: [{ role: 'root', kind: 'root', threshold: 1, keys: [rootKey], status: 'have', serverHeld: null, summary: '' }],
    steps,
    lost: [],
    rootLoss: null,
    notes: [],
    generatedAt: '2026-12-07T00:00:00Z',
  }) as RecoveryPlan;
const ctx = (over: Partial<StepLinkContext> = {}): StepLinkContext => ({ vault: 'unlocked', serverKnown: true, ...over });
const ids = (p: RecoveryPlan, s: RecoveryStep, c = ctx()) => stepLinks(p, s, c).map((l) => `${l.id}→${l.screen}`);

describe('the other screens a recovery step needs', () => {
  it('sends a backup to restore or verify to the Backups screen', () => {
    const p = plan(key(ROOT, { files: [{ path: '/t/private/a.key' }] }), []);
    expect(ids(p, step('restore-backup'))).toEqual(['backups-restore→backups']);
    expect(ids(p, step('verify-backup'))).toEqual(['backups-verify→backups']);
    expect(stepLinks(p, step('restore-backup'), ctx())[0]!.backupsTab).toBe('restore');
    expect(stepLinks(p, step('verify-backup'), ctx())[0]!.backupsTab).toBe('verify');
  });

  it('sends a key held only on a token to Tokens, naming the token', () => {
    const p = plan(key(ROOT, { tokens: [{ tokenId: 't1', label: 'YubiKey', serial: '42' }] }), []);
    const links = stepLinks(p, step('rotate-targets', [ROOT]), ctx());
    expect(links.map((l) => l.id)).toEqual(['tokens']);
    expect(links[0]!.why).toContain('YubiKey (serial 42)');
    // A key file beside the token signs without it.
    const both = plan(key(ROOT, { files: [{ path: '/t/private/a.key' }], tokens: [{ tokenId: 't1', label: 'YubiKey', serial: '42' }] }), []);
    expect(ids(both, step('rotate-targets', [ROOT]))).toEqual([]);
  });

  it('sends an offline key to the Vault screen only while the vault is not unlocked', () => {
    const p = plan(key(ROOT, { inVault: true }), []);
    expect(ids(p, step('rotate-targets', [ROOT]), ctx({ vault: 'locked' }))).toEqual(['vault→vault']);
    expect(ids(p, step('rotate-targets', [ROOT]), ctx({ vault: 'unlocked' }))).toEqual([]);
  });

  it('sends a server change with no server set to the repository’s page, and signers there too', () => {
    const p = plan(key(ROOT, { files: [{ path: '/t/private/a.key' }] }), [], false);
    expect(ids(p, step('rotate-targets', [ROOT]), ctx({ serverKnown: false }))).toEqual(['server→repos']);
    expect(ids(p, step('notify-consumers'), ctx({ serverKnown: false }))).toEqual([]);
    expect(ids(p, step('re-add-signers'))).toEqual(['signers→repos']);
    // A replacement key is generated on the Keys screen, its generate dialog open.
    expect(ids(p, step('replace-signer'))).toEqual(['keys→keys', 'signers→repos']);
    expect(ids(p, step('replace-delegation-key'))).toEqual(['keys→keys']);
    expect(stepLinks(p, step('replace-delegation-key'), ctx())[0]!.generate).toBe(true);
  });

  it('comes back to the same step by ID, else to the same place within the plan', () => {
    expect(returnPage(['restore-backup', 'rotate-targets'], { page: 2, stepId: 'rotate-targets' })).toBe(2);
    // The backup was restored: the plan no longer has that step, and the next one is where it was.
    expect(returnPage(['rotate-targets'], { page: 1, stepId: 'restore-backup' })).toBe(1);
    expect(returnPage([], { page: 5, stepId: 'gone' })).toBe(1);
    expect(returnPage(['x'], { page: 0, stepId: null })).toBe(0);
    expect(sameSteps(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(sameSteps(['a', 'b'], ['b'])).toBe(false);
  });
});
