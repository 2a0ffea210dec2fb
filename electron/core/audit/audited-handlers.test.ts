import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { contract, listOperations } from '../../../shared/contract';
import type { AuditAction, AuditEntry } from '../../../shared/dto/vault';
import type { Handlers } from '../api/dispatcher';
import { VaultError } from '../errors';
import { AuditLog } from './audit-log';
import { AUDITED_OPERATIONS, auditHandlers } from './audited-handlers';

const K1 = '1'.repeat(64);
const K2 = '2'.repeat(64);
const K3 = '3'.repeat(64);
const TD = { trustDirId: 'td1' };
const PASS = 'correct horse battery staple';
const GUN = 'example.com/app';

const keyInfo = (id: string, role = 'root', gun: string | null = null) => ({ id, role, gun, kind: role, algorithm: 'ecdsa', location: 'file', path: `/t/private/${id}.key`, file: `private/${id}.key`, layout: 'current', format: 'pkcs8-encrypted', encrypted: true, status: 'ok' });
const publishResult = (action: string, written: { role: string; id: string }[] = [], removed: string[] = []) => ({
  gun: GUN, action, versions: { root: 1 }, keysWritten: written.map((w) => ({ ...w, file: `private/${w.id}.key` })), keysRemoved: removed, cacheUpdated: true, cacheProblem: null, warnings: [], verdict: 'trusted',
});
const status = { file: '/d/vault', exists: true, unlocked: true, lockedBy: null, kdf: null, autoLockMinutes: 5, savedPassphrases: [], offlineKeys: [{ keyId: K1, role: 'root', gun: null, algorithm: 'ecdsa', trustDir: '/t', file: `private/${K1}.key`, takenOfflineAt: 'x', onlineUntil: null }] };
const token = { id: 'tok1', modulePath: '/m.so', slot: 0, label: 'YubiKey', manufacturer: 'Yubico', model: '5', serial: '123', firmware: null, flags: {}, loggedIn: true, defaultPinInUse: false, advisories: [], keys: [] };

/**
 * Every audited operation: valid arguments (no secret appears in the log), the result the fake returns, and the
 * entry expected. The secret passphrase is in many arguments: the test checks it never reaches the file.
 */
const CASES: { op: string; args: object; result: unknown; expect: Partial<AuditEntry> & { action: AuditAction } }[] = [
  { op: 'keys.generate', args: { ...TD, role: 'targets', gun: GUN, algorithm: 'ecdsa', passphrase: PASS, writePublicKey: false }, result: { key: keyInfo(K1, 'targets', GUN), publicKeyPath: null }, expect: { action: 'key.generated', keyIds: [K1], role: 'targets', gun: GUN } },
  { op: 'keys.import', args: { ...TD, selectionId: 'sel1', passphrase: PASS }, result: { imported: [keyInfo(K1), keyInfo(K2)], refused: [{ source: 'x.pem', code: 'BAD_KEY_FILE', reason: 'no' }] }, expect: { action: 'key.imported', keyIds: [K1, K2], detail: '2 keys imported, 1 refused' } },
  { op: 'keys.export', args: { ...TD, ids: [K1, K2], kind: 'bundle' }, result: { path: '/home/a/keys-export.pem' }, expect: { action: 'key.exported', keyIds: [K1, K2], detail: 'private keys (encrypted bundle) to keys-export.pem' } },
  { op: 'keys.changePassphrase', args: { ...TD, id: K1, oldPassphrase: PASS, newPassphrase: `${PASS}!` }, result: keyInfo(K1, 'snapshot', GUN), expect: { action: 'key.passphrase-changed', keyIds: [K1], role: 'snapshot', gun: GUN } },
  { op: 'keys.remove', args: { ...TD, id: K1, confirmation: 'delete', insist: true }, result: { removed: K1 }, expect: { action: 'key.removed', keyIds: [K1] } },
  {
    op: 'backups.create',
    args: { ...TD, includePinnedRoots: true, passphrase: PASS, destinations: [{ kind: 'drive', driveId: 'd1' }, { kind: 'folder' }], jobId: 'j1' },
    result: { backupId: 'b1', createdAt: 'x', keyIds: [K1, K2], pinnedRoots: [], copies: [{ destination: 'BACKUP-A', file: '/media/a/b.age', bytes: 10, verify: { ok: true }, error: null, noPermissions: true }, { destination: 'folder', file: null, bytes: null, verify: null, error: { code: 'DRIVE_FULL', message: 'full' }, noPermissions: false }] },
    expect: { action: 'backup.written', keyIds: [K1, K2], result: 'ok', detail: '1 of 2 copies written and verified: BACKUP-A ok, folder failed (DRIVE_FULL)' },
  },
  { op: 'backups.verify', args: { ...TD, fileId: 'f1', passphrase: PASS, jobId: 'j1' }, result: { backupId: 'b1', file: '/media/a/b.age', createdAt: null, appVersion: null, keys: [{ id: K1 }, { id: K2 }], pinnedRoots: [], ok: true, differences: [], verifiedAt: 'x' }, expect: { action: 'backup.verified', keyIds: [K1, K2], result: 'ok', detail: 'b.age: checks out' } },
  { op: 'backups.restore', args: { ...TD, planId: 'p1', keyPaths: [`private/${K1}.key`, `private/${K2}.key`], rootGuns: [] }, result: { trustDir: '/t', written: [`private/${K1}.key`, `private/root_keys/${K3}_root.key`], skipped: [{ path: `private/${K2}.key`, reason: 'present' }] }, expect: { action: 'backup.restored', keyIds: [K1, K3], detail: '2 written, 1 skipped' } },
  { op: 'tokens.login', args: { tokenId: 'tok1', pin: '123456', useDefaultPin: false }, result: token, expect: { action: 'token.login', detail: 'YubiKey (serial 123)' } },
  { op: 'tokens.logout', args: { tokenId: 'tok1' }, result: token, expect: { action: 'token.logout' } },
  { op: 'tokens.addModule', args: {}, result: { modules: [{}], slots: [], tokens: [] }, expect: { action: 'token.module-added' } },
  { op: 'tokens.generateRoot', args: { ...TD, tokenId: 'tok1', way: 'import', passphrase: PASS }, result: { id: K3, role: 'root', algorithm: 'ecdsa', way: 'import', token: { id: 'tok1', label: 'YubiKey', serial: '123' }, ckaId: '0', backupFile: `private/${K3}.key` }, expect: { action: 'token.root-generated', keyIds: [K3], role: 'root' } },
  { op: 'publish.init', args: { ...TD, gun: GUN, snapshot: 'local', passphrases: { root: PASS } }, result: publishResult('initialised', [{ role: 'root', id: K1 }, { role: 'targets', id: K2 }]), expect: { action: 'publish.init', gun: GUN, keyIds: [K1, K2] } },
  { op: 'publish.rotate', args: { ...TD, gun: GUN, role: 'targets', serverManaged: false, passphrases: {} }, result: publishResult('rotated the targets key', [{ role: 'targets', id: K3 }], [K2]), expect: { action: 'publish.rotate', gun: GUN, role: 'targets', keyIds: [K3] } },
  { op: 'publish.resign', args: { ...TD, gun: GUN, passphrases: {} }, result: publishResult('re-signed targets'), expect: { action: 'publish.resign', gun: GUN, keyIds: [] } },
  { op: 'publish.addSigner', args: { ...TD, gun: GUN, name: 'alice', selectionId: 's1', passphrases: {} }, result: publishResult('added signer alice'), expect: { action: 'publish.signer-added', gun: GUN, role: 'targets/alice' } },
  { op: 'publish.removeSigner', args: { ...TD, gun: GUN, name: 'alice', passphrases: {}, confirmation: 'alice' }, result: publishResult('removed signer alice'), expect: { action: 'publish.signer-removed', gun: GUN, role: 'targets/alice' } },
  { op: 'publish.deleteTrustData', args: { ...TD, gun: GUN, confirmation: GUN }, result: { gun: GUN, server: 'https://notary.example' }, expect: { action: 'publish.trust-data-deleted', gun: GUN, detail: 'on https://notary.example' } },
  { op: 'tags.sign', args: { ...TD, previewId: 'p1', passphrases: {} }, result: { gun: GUN, role: 'targets', signed: [{ tag: 'v1', digest: `sha256:${'a'.repeat(64)}`, size: 400 }], moved: [], verified: true, versions: { targets: 3 } }, expect: { action: 'publish.tags-signed', gun: GUN, role: 'targets', detail: `v1 sha256:${'a'.repeat(64)}` } },
  { op: 'tags.revoke', args: { ...TD, gun: GUN, tags: ['v1'], passphrases: {}, confirmation: GUN }, result: { gun: GUN, removals: [{ role: 'targets', tags: ['v1'] }], stillSignedElsewhere: [], versions: {} }, expect: { action: 'publish.tags-revoked', gun: GUN, detail: 'tags v1' } },
  { op: 'tags.putBack', args: { ...TD, gun: GUN, passphrases: {} }, result: { gun: GUN, role: 'targets', signed: [{ tag: 'v1', digest: `sha256:${'a'.repeat(64)}`, size: 400 }], already: [], unresolved: [], versions: { targets: 2 } }, expect: { action: 'publish.tags-signed', gun: GUN, role: 'targets', detail: `put back after a recovery: v1 sha256:${'a'.repeat(64)}` } },
  { op: 'vault.create', args: { passphrase: PASS, unlockSeconds: 1 }, result: status, expect: { action: 'vault.created' } },
  { op: 'vault.unlock', args: { passphrase: PASS }, result: status, expect: { action: 'vault.unlocked' } },
  { op: 'vault.lock', args: {}, result: status, expect: { action: 'vault.locked' } },
  { op: 'vault.settings', args: { autoLockMinutes: 10 }, result: status, expect: { action: 'vault.settings-changed', detail: 'auto-lock after 10 min' } },
  { op: 'vault.recalibrate', args: { passphrase: PASS, unlockSeconds: 2 }, result: status, expect: { action: 'vault.settings-changed', detail: 'recalibrated to 2 s' } },
  { op: 'vault.changePassphrase', args: { passphrase: PASS, newPassphrase: `${PASS}!` }, result: status, expect: { action: 'vault.master-passphrase-changed' } },
  { op: 'vault.savePassphrase', args: { ...TD, keyId: K1, passphrase: PASS }, result: status, expect: { action: 'vault.passphrase-saved', keyIds: [K1] } },
  { op: 'vault.forgetPassphrase', args: { keyId: K1 }, result: status, expect: { action: 'vault.passphrase-forgotten', keyIds: [K1] } },
  { op: 'vault.takeOffline', args: { ...TD, keyId: K1, insist: false }, result: { keyId: K1, otherCopies: ['BACKUP-A'], insisted: false, status }, expect: { action: 'key.offline', keyIds: [K1], role: 'root', detail: 'other copies: BACKUP-A' } },
  { op: 'vault.bringOnline', args: { ...TD, keyId: K1, forSeconds: 300 }, result: { keyId: K1, path: `/t/private/${K1}.key`, until: '2026-01-01T00:05:00.000Z', status }, expect: { action: 'key.online', keyIds: [K1], detail: 'until 2026-01-01T00:05:00.000Z' } },
  { op: 'vault.restoreQuarantined', args: { name: '20260101T000000Z-1111111111111111111111111111111111111111111111111111111111111111-0a0b0c0d' }, result: [], expect: { action: 'key.quarantine-restored', keyIds: [K1], detail: 'quarantine entry 20260101T000000Z-1111111111111111111111111111111111111111111111111111111111111111-0a0b0c0d' } },
  { op: 'migrate.kit', args: { ...TD, gun: 'example.com/app', to: 'cosign', key: { kind: 'targets' }, keyPassphrase: 'pass1234', newPassphrase: 'cosign pass' }, result: { outDir: '/home/a/kit', tool: 'cosign', files: ['cosign.key'], keyId: K1, newKey: false, keyReused: true, tagCount: 2, inventorySha256: 'ab', statementSignedBy: { targets: [K1], root: [] }, notes: [] }, expect: { action: 'key.exported', keyIds: [K1], gun: 'example.com/app', detail: 'migration kit for cosign to kit' } },
  { op: 'leftovers.promote', args: { ...TD, id: 'AbCdEf0123456789AbCdEf0123456789' }, result: { promoted: [K1], removed: [], leftovers: [] }, expect: { action: 'key.leftover-promoted', keyIds: [K1], detail: `put in place as ${K1}.key` } },
  { op: 'leftovers.remove', args: { ...TD, ids: ['AbCdEf0123456789AbCdEf0123456789', 'x1'], insist: true }, result: { promoted: [], removed: [`${K1}.key`, 'vault/vault.tv'], leftovers: [] }, expect: { action: 'key.leftover-removed', keyIds: [K1], detail: `${K1}.key, vault/vault.tv; insisted past the only-copy warning` } },
];

/** A Handlers object whose every operation is a vi.fn answering `results[op]` (or an empty object). */
function fakeHandlers(results: Record<string, unknown> = {}): Handlers {
  const h: Record<string, Record<string, unknown>> = {};
  for (const { group, name } of listOperations()) {
    h[group] ??= {};
    h[group]![name] = vi.fn(async () => (`${group}.${name}` in results ? results[`${group}.${name}`] : {}));
  }
  return h as unknown as Handlers;
}

const call = (h: Handlers, op: string, args: object) => {
  const [g, n] = op.split('.') as [string, string];
  return (h as unknown as Record<string, Record<string, (a: unknown) => Promise<unknown>>>)[g]![n]!(args);
};

let dir: string;
let log: AuditLog;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tv-audit-h-'));
  log = new AuditLog({ dataDir: dir, via: 'app', actor: { user: 'alice', host: 'desk' } });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('auditHandlers', () => {
  it('covers exactly the operations listed in the cases (issue 7, point 5)', () => {
    expect([...AUDITED_OPERATIONS.keys()].sort()).toEqual(CASES.map((c) => c.op).sort());
  });

  it('the cases parse against the contract (so they are real arguments)', () => {
    for (const c of CASES) {
      const [g, n] = c.op.split('.') as [keyof typeof contract, string];
      const schema = (contract[g] as Record<string, { args: import('zod').ZodType }>)[n]!.args;
      expect(schema.safeParse(c.args).success, c.op).toBe(true);
    }
  });

  for (const c of CASES) {
    it(`${c.op}: one ${c.expect.action} entry on success, one failed entry on failure`, async () => {
      const inner = fakeHandlers({ [c.op]: c.result });
      const h = auditHandlers(inner, log);
      expect(await call(h, c.op, c.args)).toBe(c.result);
      expect(vi.mocked((inner as unknown as Record<string, Record<string, () => unknown>>)[c.op.split('.')[0]!]![c.op.split('.')[1]!]!)).toHaveBeenCalledWith(c.args);
      let entries = log.list();
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ result: 'ok', error: null, actor: { via: 'app' }, ...c.expect });

      const failing = fakeHandlers();
      const [g, n] = c.op.split('.') as [string, string];
      (failing as unknown as Record<string, Record<string, unknown>>)[g]![n] = vi.fn(async () => {
        throw new VaultError('WRONG_PASSPHRASE', 'wrong');
      });
      await expect(call(auditHandlers(failing, log), c.op, c.args)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
      entries = log.list();
      expect(entries).toHaveLength(2);
      expect(entries[1]).toMatchObject({ action: c.expect.action, result: 'failed', error: 'WRONG_PASSPHRASE' });
      expect(log.verify().ok).toBe(true);
    });
  }

  it('never writes a passphrase, PIN or token into the log', async () => {
    const h = auditHandlers(fakeHandlers(Object.fromEntries(CASES.map((c) => [c.op, c.result]))), log);
    for (const c of CASES) await call(h, c.op, c.args);
    const text = log.exportJsonLines();
    expect(text.split('\n')).toHaveLength(CASES.length + 1);
    expect(text).not.toContain(PASS);
    expect(text).not.toContain('123456');
  });

  it('every other operation passes through untouched and records nothing', async () => {
    const inner = fakeHandlers();
    const h = auditHandlers(inner, log);
    for (const { group, name } of listOperations()) {
      if (AUDITED_OPERATIONS.has(`${group}.${name}`)) continue;
      const original = (inner as unknown as Record<string, Record<string, unknown>>)[group]![name];
      expect((h as unknown as Record<string, Record<string, unknown>>)[group]![name], `${group}.${name}`).toBe(original);
      await call(h, `${group}.${name}`, {});
    }
    expect(log.list()).toEqual([]);
  });

  it('a cancelled dialog records nothing; a backup that does not check out is a failed entry', async () => {
    const h = auditHandlers(fakeHandlers({ 'keys.export': null, 'tokens.addModule': null }), log);
    expect(await call(h, 'keys.export', { ...TD, ids: [K1], kind: 'public' })).toBeNull();
    expect(await call(h, 'tokens.addModule', {})).toBeNull();
    const cancelled = fakeHandlers();
    (cancelled as unknown as { keys: Record<string, unknown> }).keys.generate = vi.fn(async () => {
      throw new VaultError('CANCELLED', 'Cancelled');
    });
    await expect(call(auditHandlers(cancelled, log), 'keys.generate', CASES[0]!.args)).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(log.list()).toEqual([]);

    const unverified = { backupId: 'b1', createdAt: 'x', keyIds: [K1], pinnedRoots: [], copies: [{ destination: 'BACKUP-A', file: '/media/a/b.age', bytes: 10, verify: { ok: false }, error: null, noPermissions: true }] };
    await call(auditHandlers(fakeHandlers({ 'backups.create': unverified }), log), 'backups.create', CASES.find((c) => c.op === 'backups.create')!.args);
    expect(log.list()).toEqual([expect.objectContaining({ action: 'backup.written', result: 'failed', error: 'BACKUP_DAMAGED', detail: '0 of 1 copy written and verified: BACKUP-A NOT verified' })]);
    const { unlinkSync } = await import('node:fs');
    unlinkSync(log.file);
    unlinkSync(log.headFile);
    const bad = auditHandlers(fakeHandlers({ 'backups.verify': { ...(CASES.find((c) => c.op === 'backups.verify')!.result as object), ok: false } }), log);
    await call(bad, 'backups.verify', { ...TD, fileId: 'f1', passphrase: PASS, jobId: 'j1' });
    expect(log.list()).toEqual([expect.objectContaining({ action: 'backup.verified', result: 'failed', error: 'BACKUP_DAMAGED', detail: 'b.age: does NOT check out' })]);
  });

  it('an audit log that cannot be written refuses a key operation (fails closed) and does not fail the others', async () => {
    const broken = new AuditLog({ dataDir: join(dir, 'file-not-dir', 'x'), via: 'app' });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'file-not-dir'), 'in the way');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const inner = fakeHandlers({ 'keys.remove': { removed: K1 } });
      const h = auditHandlers(inner, broken);
      await expect(call(h, 'keys.remove', CASES.find((c) => c.op === 'keys.remove')!.args)).rejects.toThrow(/folder/);
      expect(inner.keys.remove).not.toHaveBeenCalled();
      const v = auditHandlers(fakeHandlers({ 'vault.lock': status }), broken);
      expect(await call(v, 'vault.lock', {})).toEqual(status);
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('auditApi', () => {
  it('lists, verifies and exports through the save dialog (null when cancelled)', async () => {
    const { auditApi } = await import('./audit-api');
    const { readFileSync } = await import('node:fs');
    const h = auditHandlers(fakeHandlers({ 'keys.remove': { removed: K1 } }), log);
    await call(h, 'keys.remove', CASES.find((c) => c.op === 'keys.remove')!.args);
    const out = join(dir, 'export.jsonl');
    let answer: string | null = null;
    const api = auditApi(log, { chooseFileToSave: async () => answer });
    expect(await api.list({ keyId: K1.slice(0, 4) })).toHaveLength(1);
    expect(await api.verify({})).toMatchObject({ ok: true, entries: 1 });
    expect(await api.export({})).toBeNull();
    answer = out;
    expect(await api.export({})).toEqual({ path: out, entries: 1 });
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(log.file, 'utf8'));
  });
});
