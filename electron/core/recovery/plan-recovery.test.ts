import { describe, expect, it } from 'vitest';
import type { KeyInfo } from '../../../shared/dto/keys';
import { consumerNotice, consumerWarning, ROOT_ROTATION_ERROR, type RecoveryPlan } from '../../../shared/dto/recovery';
import type { RepoStatus, RoleKey } from '../../../shared/dto/status';
import type { TokenInfo } from '../../../shared/dto/tokens';
import type { Ledger, LedgerCopy } from '../backup/ledger';
import { planRecovery, type RecoveryInput } from './plan-recovery';
import type { RepoKeys } from './repo-keys';

/** The planner alone, on hand-made repositories: every case of issue 6, point 3. */

const GUN = 'example.com/team/app';
const SERVER = 'https://notary.example.com';
const hex = (c: string) => c.repeat(64);
// The root key is a certificate: metadata lists its x509 ID, files and backups use its canonical ID.
const ROOT: RoleKey = { id: hex('1'), type: 'ecdsa-x509', canonicalId: hex('a') };
const TARGETS: RoleKey = { id: hex('b'), type: 'ecdsa', canonicalId: hex('b') };
const SNAPSHOT: RoleKey = { id: hex('c'), type: 'ecdsa', canonicalId: hex('c') };
const SERVER_SNAPSHOT: RoleKey = { id: hex('9'), type: 'ed25519', canonicalId: hex('9') };
const TIMESTAMP: RoleKey = { id: hex('d'), type: 'ed25519', canonicalId: hex('d') };
const ALICE: RoleKey = { id: hex('e'), type: 'ecdsa', canonicalId: hex('e') };
const CI: RoleKey = { id: hex('2'), type: 'ecdsa-x509', canonicalId: hex('f') };
const NOW = new Date('2026-11-23T12:00:00Z');

function repo(snapshot: RoleKey = SNAPSHOT, delegations: { role: string; keys: RoleKey[] }[] = []): RepoKeys {
  return {
    gun: GUN,
    roles: [
      { role: 'root', threshold: 1, keys: [ROOT] },
      { role: 'targets', threshold: 1, keys: [TARGETS] },
      { role: 'snapshot', threshold: 1, keys: [snapshot] },
      { role: 'timestamp', threshold: 1, keys: [TIMESTAMP] },
      ...delegations.map((d) => ({ ...d, threshold: 1 })),
    ],
    tags: [{ name: 'v1', role: 'targets' }],
  };
}

/** docker trust signer add alice: her key in targets/alice and targets/releases; plus a notary-made targets/ci. */
const withSigners = () =>
  repo(SNAPSHOT, [
    { role: 'targets/alice', keys: [ALICE] },
    { role: 'targets/ci', keys: [CI] },
    { role: 'targets/releases', keys: [ALICE] },
  ]);

const fileKey = (k: RoleKey, role: string): KeyInfo => {
  const id = k.canonicalId ?? k.id;
  return {
    id,
    role,
    gun: null,
    kind: null,
    algorithm: 'ecdsa',
    location: 'file',
    path: `/home/u/.docker/trust/private/${id}.key`,
    file: `private/${id}.key`,
    layout: 'current',
    format: 'pkcs8-encrypted',
    encrypted: true,
    status: 'ok',
  };
};

const allFiles = () => [fileKey(ROOT, 'root'), fileKey(TARGETS, 'targets'), fileKey(SNAPSHOT, 'snapshot'), fileKey(ALICE, 'alice'), fileKey(CI, 'targets/ci')];
const without = (...gone: RoleKey[]) => allFiles().filter((f) => !gone.some((g) => g.canonicalId === f.id));

const token = (keys: RoleKey[]): TokenInfo => ({
  id: 'tok1',
  modulePath: '/usr/lib/x86_64-linux-gnu/libykcs11.so',
  slot: 0,
  label: 'YubiKey PIV',
  manufacturer: 'Yubico',
  model: 'YubiKey 5',
  serial: '12345678',
  firmware: null,
  flags: { loginRequired: true, pinCountLow: false, pinFinalTry: false, pinLocked: false, pinToBeChanged: false, initialized: true, protectedAuthPath: false },
  loggedIn: false,
  defaultPinInUse: false,
  advisories: [],
  keys: keys.map((k) => ({ id: k.canonicalId!, role: 'root', algorithm: 'ecdsa', ckaId: '02', label: 'root', hasCertificate: true, extractable: true })),
});

const ledger = (keys: RoleKey[], copy: Partial<LedgerCopy>): Ledger => ({
  version: 1,
  backups: [
    {
      backupId: 'backup-1',
      createdAt: '2026-10-01T00:00:00Z',
      keys: keys.map((k) => ({ id: k.canonicalId!, sha256: hex('0') })),
      copies: [{ location: 'KEYS-USB', file: '/media/u/KEYS-USB/trust.age', writtenAt: '2026-10-01T00:00:00Z', lastVerifiedAt: '2026-10-02T00:00:00Z', lastVerifyOk: true, ...copy }],
    },
  ],
});
const EMPTY_LEDGER: Ledger = { version: 1, backups: [] };

function plan(over: Partial<RecoveryInput> = {}): RecoveryPlan {
  return planRecovery({
    repo: repo(),
    keys: allFiles(),
    tokens: [],
    ledger: EMPTY_LEDGER,
    now: NOW,
    source: { kind: 'server', server: SERVER },
    ...over,
  });
}
const statusOf = (p: RecoveryPlan) => Object.fromEntries(p.roles.map((r) => [r.role, r.status]));
const stepIds = (p: RecoveryPlan) => p.steps.map((s) => s.id);

describe('planRecovery', () => {
  it('all keys present: nothing lost, nothing to do; the server holds the timestamp', () => {
    const p = plan();
    expect(statusOf(p)).toEqual({ root: 'have', targets: 'have', snapshot: 'have', timestamp: 'server-held' });
    expect(p.lost).toEqual([]);
    expect(p.steps).toEqual([]);
    expect(p.rootLoss).toBeNull();
    const root = p.roles.find((r) => r.role === 'root')!;
    expect(root.keys[0]).toMatchObject({ keyId: ROOT.id, canonicalId: ROOT.canonicalId, files: [{ path: `/home/u/.docker/trust/private/${hex('a')}.key` }] });
  });

  it('targets lost, root present: rotate targets with root, possible now', () => {
    const p = plan({ keys: without(TARGETS) });
    expect(p.lost).toEqual(['targets']);
    expect(stepIds(p)).toEqual(['rotate-targets']);
    const [step] = p.steps;
    expect(step!.title).toMatch(/rotate it with the root key/);
    expect(step!.options).toHaveLength(1);
    expect(step!.options[0]).toMatchObject({
      needsKeys: [{ role: 'root', keyIds: [ROOT.canonicalId] }],
      commands: [`trust-vault repo rotate ${GUN} targets --server ${SERVER}`],
      possibleNow: true,
      blockedBy: null,
    });
    expect(step!.options[0]!.changesOnServer).toMatch(/new root\.json.*signed by the root key.*new targets key/);
  });

  it('targets lost and root lost: nothing but the root-lost way out', () => {
    const p = plan({ keys: without(TARGETS, ROOT) });
    expect(p.lost).toEqual(['root', 'targets']);
    expect(p.rootLoss).not.toBeNull();
    expect(stepIds(p)).toEqual(['delete-trust-data', 'init-new-root', 're-sign-tags', 'notify-consumers']);
    expect(p.steps.flatMap((s) => s.options.flatMap((o) => o.commands)).join('\n')).not.toMatch(/repo rotate/);
  });

  it('snapshot lost: two options, to the server or a new local key, both signed by root', () => {
    const p = plan({ keys: without(SNAPSHOT) });
    expect(statusOf(p).snapshot).toBe('lost');
    expect(stepIds(p)).toEqual(['rotate-snapshot']);
    const options = p.steps[0]!.options;
    expect(options.map((o) => o.commands)).toEqual([
      [`trust-vault repo rotate ${GUN} snapshot --server-managed --server ${SERVER}`],
      [`trust-vault repo rotate ${GUN} snapshot --server ${SERVER}`],
    ]);
    expect(options.every((o) => o.possibleNow && o.needsKeys[0]!.role === 'root')).toBe(true);
  });

  it('a snapshot lost from the cache alone says the server may hold it, and names <URL> in the commands', () => {
    const p = plan({ keys: without(SNAPSHOT), source: { kind: 'cache', trustDir: '/t' } });
    expect(p.notes.join('\n')).toMatch(/Plan with --server/);
    expect(p.steps[0]!.options[1]!.commands).toEqual([`trust-vault repo rotate ${GUN} snapshot --server <URL>`]);
  });

  it('server-managed snapshot and timestamp: server-held, confirmed by the server, no steps', () => {
    const p = plan({ repo: repo(SERVER_SNAPSHOT), serverKeys: { snapshot: SERVER_SNAPSHOT.id, timestamp: TIMESTAMP.id } });
    expect(statusOf(p)).toMatchObject({ snapshot: 'server-held', timestamp: 'server-held' });
    expect(p.roles.filter((r) => r.status === 'server-held').map((r) => r.serverHeld)).toEqual(['server', 'server']);
    expect(p.steps).toEqual([]);
  });

  it('from the cache, an Ed25519 snapshot key nobody here holds is the server\'s (inferred)', () => {
    const p = plan({ repo: repo(SERVER_SNAPSHOT), source: { kind: 'cache', trustDir: '/t' } });
    expect(p.roles.find((r) => r.role === 'snapshot')).toMatchObject({ status: 'server-held', serverHeld: 'inferred' });
  });

  it('a server holding another snapshot key than the repository lists does not hold it', () => {
    const p = plan({ keys: without(SNAPSHOT), serverKeys: { snapshot: SERVER_SNAPSHOT.id } });
    expect(statusOf(p).snapshot).toBe('lost');
  });

  it('a delegation key lost: remove and re-add the signer with a new key, which needs the targets key', () => {
    const p = plan({ repo: withSigners(), keys: without(ALICE) });
    expect(p.lost).toEqual(['targets/alice', 'targets/releases']);
    expect(stepIds(p)).toEqual(['replace-signer']);
    expect(p.steps[0]!.options[0]).toMatchObject({
      needsKeys: [{ role: 'targets', keyIds: [TARGETS.id] }],
      commands: [
        'trust-vault keys generate --name alice --passphrase-env <VAR>',
        `trust-vault repo signer remove ${GUN} alice --server ${SERVER}`,
        `trust-vault repo signer add ${GUN} alice --key alice.pub --server ${SERVER}`,
      ],
      possibleNow: true,
    });
  });

  it('a delegation of no docker signer: notary\'s delegation commands; blocked while targets is lost too', () => {
    const p = plan({ repo: withSigners(), keys: without(CI, TARGETS) });
    expect(stepIds(p)).toEqual(['rotate-targets', 'replace-delegation-key']);
    const replace = p.steps[1]!.options[0]!;
    // The canonical ID, not the x509 one: notary's delegation remove silently ignores an x509 ID.
    expect(replace.commands[0]).toBe(`notary -s ${SERVER} delegation remove ${GUN} targets/ci ${CI.canonicalId} --publish`);
    expect(replace).toMatchObject({ possibleNow: false, blockedBy: expect.stringMatching(/targets key: rotate it first/) });
  });

  it('root only on a token: have (token)', () => {
    const p = plan({ keys: without(ROOT), tokens: [token([ROOT])] });
    const root = p.roles.find((r) => r.role === 'root')!;
    expect(root.status).toBe('have');
    expect(root.keys[0]!.tokens).toEqual([{ tokenId: 'tok1', label: 'YubiKey PIV', serial: '12345678' }]);
    expect(root.summary).toMatch(/token YubiKey PIV \(serial 12345678\)/);
    expect(p.steps).toEqual([]);
  });

  it('root only in a verified backup: backup-only, restore it from the backup on the drive first', () => {
    const p = plan({ keys: without(ROOT, TARGETS), ledger: ledger([ROOT], {}) });
    expect(statusOf(p).root).toBe('backup-only');
    expect(p.rootLoss).toBeNull();
    expect(stepIds(p)).toEqual(['restore-backup', 'rotate-targets']);
    const restore = p.steps[0]!;
    expect(restore.title).toContain('restore it from the backup on KEYS-USB');
    expect(restore.title).toMatch(/first$/);
    expect(restore.options[0]!.commands).toEqual([`trust-vault backup restore /media/u/KEYS-USB/trust.age --keys ${hex('a')} --passphrase-env <VAR>`]);
    expect(p.steps[1]!.options[0]).toMatchObject({ possibleNow: false, blockedBy: 'restore the root key from its backup first' });
  });

  it('a backup verified longer ago than the restore-drill horizon still counts, with a note to verify it', () => {
    const p = plan({ keys: without(ROOT), ledger: ledger([ROOT], { lastVerifiedAt: '2025-01-01T00:00:00Z' }), now: NOW });
    expect(statusOf(p).root).toBe('backup-only');
    expect(p.notes.join('\n')).toMatch(/root key was last verified \d+ days ago: verify it/);
    expect(plan({ keys: without(ROOT), ledger: ledger([ROOT], {}) }).notes.join('\n')).not.toMatch(/last verified/);
  });

  it('a backup whose last verification failed does not count: root lost, verify that backup first', () => {
    const p = plan({ keys: without(ROOT), ledger: ledger([ROOT], { lastVerifyOk: false }) });
    expect(statusOf(p).root).toBe('lost');
    const root = p.roles.find((r) => r.role === 'root')!;
    expect(root.keys[0]!.backups).toEqual([]);
    expect(root.keys[0]!.unverifiedBackups).toHaveLength(1);
    expect(root.summary).toMatch(/last verification failed/);
    expect(stepIds(p)[0]).toBe('verify-backup');
    expect(p.rootLoss).not.toBeNull();
  });

  it('root truly gone: the plain statement, the hosted-registry note, the consumer reset and the exact warning', () => {
    const p = plan({ keys: without(ROOT), tokens: [token([])], ledger: ledger([TARGETS], {}) });
    const loss = p.rootLoss!;
    expect(loss.statement).toMatch(/^The root key of example\.com\/team\/app \(a{64}\) is lost and cannot be recovered\./);
    expect(loss.searched).toEqual({ keyFiles: 4, tokens: ['YubiKey PIV'], backups: 1 });
    expect(loss.hostedRegistry).toBe(false);
    expect(loss.hostedRegistryNote).toContain('ask its operator to reset the repository\'s trust state');
    expect(loss.hostedRegistryNote).toContain('"email Docker Hub Support"');
    expect(loss.consumerReset.join('\n')).toContain(`trust-vault trust forget --gun ${GUN} --yes`);
    expect(loss.consumerWarning).toBe(
      `Warning: potential malicious behavior - trust data has insufficient signatures for remote repository ${GUN}: valid signatures did not meet threshold`,
    );
    expect(loss.consumerErrors).toEqual([loss.consumerWarning, 'could not rotate trust to a new trusted root: failed to validate data with current trusted certificates']);
    const del = p.steps.find((s) => s.id === 'delete-trust-data')!.options[0]!;
    expect(del.commands).toEqual([`trust-vault trust forget --gun ${GUN} --yes`, `notary -s ${SERVER} delete ${GUN} --remote`]);
    expect(del.possibleNow).toBe(true);
    const init = p.steps.find((s) => s.id === 'init-new-root')!.options[0]!;
    expect(init).toMatchObject({ commands: [`trust-vault repo init ${GUN} --server ${SERVER}`], possibleNow: false });
  });

  it('root gone on Docker Hub: only its operator can reset the trust state', () => {
    const gun = 'docker.io/acme/app';
    const p = plan({ repo: { ...repo(), gun }, keys: without(ROOT), source: { kind: 'server', server: 'https://notary.docker.io' } });
    expect(p.rootLoss!.hostedRegistry).toBe(true);
    const del = p.steps.find((s) => s.id === 'delete-trust-data')!;
    expect(del.title).toMatch(/Ask the registry's operator/);
    expect(del.options[0]).toMatchObject({ possibleNow: false, blockedBy: expect.stringContaining('email Docker Hub Support') });
    expect(p.steps.find((s) => s.id === 're-sign-tags')!.options[0]!.commands).toEqual(['trust-vault tag sign docker.io/acme/app:v1 --server https://notary.docker.io']);
  });

  it('root gone with signers: the way out adds them back after the new root', () => {
    const p = plan({ repo: withSigners(), keys: without(ROOT) });
    const readd = p.steps.find((s) => s.id === 're-add-signers')!.options[0]!;
    expect(readd.commands).toEqual([`trust-vault repo signer add ${GUN} alice --key <alice.pub> --server ${SERVER}`, `notary -s ${SERVER} delegation add ${GUN} targets/ci <NEW-CERT.pem> --all-paths --publish`]);
  });

  it('the consumer notice names the new root key ID, the server, the warning and the reset', () => {
    const text = consumerNotice(GUN, hex('7'), SERVER);
    expect(text).toContain(`New root key ID: ${hex('7')}`);
    expect(text).toContain(SERVER);
    expect(text).toContain(consumerWarning(GUN));
    expect(text).toContain(ROOT_ROTATION_ERROR);
    expect(text).toContain(`trust-vault trust forget --gun ${GUN} --yes`);
  });

  it('plans from a RepoStatus as the verifier returns it, delegations included', () => {
    const status: RepoStatus = {
      gun: GUN,
      verdict: 'trusted',
      problems: [],
      roles: repo().roles.map((r) => ({ role: r.role, version: 1, expires: null, threshold: 1, keys: r.keys, signatures: [] })),
      tags: [],
      delegations: [
        { name: 'targets/releases', keys: [ALICE], threshold: 1, paths: [''] },
        { name: 'targets/alice', keys: [ALICE], threshold: 1, paths: [''] },
      ],
    };
    const p = plan({ repo: status, keys: without(ALICE) });
    expect(p.roles.map((r) => r.role)).toEqual(['root', 'targets', 'snapshot', 'timestamp', 'targets/alice', 'targets/releases']);
    expect(stepIds(p)).toEqual(['replace-signer']);
  });

  it('refuses a repository that lists no root keys', () => {
    expect(() => plan({ repo: { gun: GUN, roles: [], tags: [] } })).toThrow(/names no root keys/);
  });
});
