import { describe, expect, it } from 'vitest';
import { formatDateOnly } from '../../components/datetime';
import type { RecoveryPlan, RecoveryStep } from '../../../../shared/dto/recovery';
import {
  initPassphrases,
  keyFileFolder,
  keyLocations,
  planSummary,
  rotationPassphrases,
  signerNameError,
  signerNameFromFile,
  signerPassphrases,
  stepKind,
  rotatedRole,
} from './recovery-text';
import { passphraseProblem, passphrasesOf } from './PassphraseFields';

const step = (id: RecoveryStep['id']): RecoveryStep => ({ id, role: '', title: id, options: [] });

describe('recovery text', () => {
  it('says where each copy of a key is, counting only verified backups', () => {
    const lines = keyLocations({
      keyId: 'a',
      canonicalId: 'a',
      type: 'ecdsa',
      files: [{ path: '/home/u/.docker/trust/private/abc.key' }],
      tokens: [{ tokenId: 't', label: 'YubiKey', serial: '123' }],
      backups: [{ backupId: 'b', location: 'USB-A', file: 'x.age', lastVerifiedAt: '2030-01-02T03:04:05Z', lastVerifyOk: true }],
      unverifiedBackups: [{ backupId: 'c', location: 'USB-B', file: 'y.age', lastVerifiedAt: null, lastVerifyOk: null }],
    });
    expect(lines).toEqual([
      'Key file in /home/u/.docker/trust',
      'Token YubiKey (serial 123)',
      `Verified backup on USB-A, last verified ${formatDateOnly('2030-01-02T03:04:05Z')}`,
      'Backup on USB-B, not verified: it does not count until it is',
    ]);
    expect(
      keyLocations({ keyId: 'a', canonicalId: 'a', type: 'ecdsa', files: [], tokens: [], inVault: true, backups: [], unverifiedBackups: [] }),
    ).toEqual(['Offline, in the vault: it signs from there while the vault is unlocked']);
    expect(keyFileFolder('/t/private/tuf_keys/example.com/x/abc.key')).toBe('/t');
    expect(keyFileFolder('odd')).toBe('odd');
  });

  it('asks for root always, the new key’s passphrase, and the local snapshot’s', () => {
    expect(rotationPassphrases('targets', false, true).map((n) => `${n.role}:${n.kind}`)).toEqual(['root:existing', 'targets:new', 'snapshot:existing']);
    expect(rotationPassphrases('targets', false, false).map((n) => n.role)).toEqual(['root', 'targets']);
    expect(rotationPassphrases('snapshot', true, true).map((n) => n.role)).toEqual(['root']);
    expect(rotationPassphrases('snapshot', false, true).map((n) => `${n.role}:${n.kind}`)).toEqual(['root:existing', 'snapshot:new']);
    expect(rotationPassphrases('timestamp', false, true).map((n) => n.role)).toEqual(['root', 'snapshot']);
    expect(initPassphrases('server').map((n) => n.role)).toEqual(['root', 'targets']);
    expect(initPassphrases('local').map((n) => n.role)).toEqual(['root', 'targets', 'snapshot']);
    expect(signerPassphrases(false).map((n) => n.role)).toEqual(['targets']);
  });

  it('checks the passphrases before sending, and sends only the asked ones', () => {
    const needs = rotationPassphrases('targets', false, false);
    expect(passphraseProblem(needs, {})).toBe('Type the root passphrase.');
    expect(passphraseProblem(needs, { root: 'r', targets: 'short' })).toContain('at least 8');
    expect(passphraseProblem(needs, { root: 'r', targets: 'long enough', 'targets-again': 'long enougH' })).toContain('differ');
    // As the passphrase step asks: stored in a password manager before the key is made.
    expect(passphraseProblem(needs, { root: 'r', targets: 'long enough', 'targets-again': 'long enough' })).toContain('password manager');
    const ok = { root: 'r', targets: 'long enough', 'targets-again': 'long enough', 'targets-stored': 'yes', snapshot: 'not asked' };
    expect(passphraseProblem(needs, ok)).toBeNull();
    expect(passphrasesOf(needs, ok)).toEqual({ root: 'r', targets: 'long enough' });
  });

  it('knows which steps the wizard does itself', () => {
    expect(stepKind(step('rotate-targets'))).toBe('rotate');
    expect(rotatedRole(step('rotate-snapshot'))).toBe('snapshot');
    expect(rotatedRole(step('rotate-targets'))).toBe('targets');
    expect(stepKind(step('delete-trust-data'))).toBe('delete');
    expect(stepKind(step('init-new-root'))).toBe('init');
    expect(stepKind(step('notify-consumers'))).toBe('notice');
    expect(stepKind(step('restore-backup'))).toBe('manual');
  });

  it('sums the plan up in one line', () => {
    const plan = { lost: ['targets'], steps: [step('rotate-targets')], rootLoss: null } as unknown as RecoveryPlan;
    expect(planSummary(plan)).toBe('Lost: targets. The root key is within reach, so it can be replaced.');
    expect(planSummary({ ...plan, lost: [], steps: [] })).toContain('Nothing is lost');
    expect(planSummary({ ...plan, rootLoss: {} } as unknown as RecoveryPlan)).toContain('cannot be recovered');
  });

  it('proposes docker signer names from the file name', () => {
    expect(signerNameFromFile('Alice.pub')).toBe('alice');
    expect(signerNameFromFile('ci bot.crt')).toBe('ci-bot');
    expect(signerNameError('alice')).toBeNull();
    expect(signerNameError('Alice')).not.toBeNull();
    expect(signerNameError('releases')).not.toBeNull();
  });
});
