import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir';
import type { Result } from '../../shared/result';
import type { GeneratedKey, ImportReport, ImportSelection, KeyListing, RemovalImpact } from '../../shared/dto/keys';
import type { TrustDirInfo } from '../../shared/dto/app';
import { createDispatcher } from './api/dispatcher';
import { createHandlers } from './handlers';
import { injectedDriveSource } from './drives/drive-source';
import type { CorePorts } from './ports';
import { silentEvents } from './ports';
import { sourceTokenWorker } from '../../test/support/token-worker';

/** The handlers behind the guarded dispatcher, with scripted dialogs: the flows the UI walks. */
describe('handlers', () => {
  const tmp = makeTempDir('tv-handlers-');
  afterAll(() => tmp.cleanup());
  const home = join(tmp.path, 'home');
  const answers: (string | string[] | null)[] = [];
  let clipboardText = '';
  const ports: CorePorts = {
    dataDir: join(tmp.path, 'data'),
    env: { home },
    dialogs: {
      chooseFolder: async () => answers.shift() as string | null,
      chooseFilesToOpen: async () => answers.shift() as string[] | null,
      chooseFileToSave: async () => answers.shift() as string | null,
    },
    clipboard: { writeText: (t) => void (clipboardText = t), readText: () => clipboardText, clear: () => void (clipboardText = '') },
    clock: { now: () => new Date(), setTimeout: () => ({ cancel: () => undefined }) },
    drives: injectedDriveSource([]),
    events: silentEvents,
    tokenWorker: sourceTokenWorker(),
    tokenModules: '',
    app: { version: '0', platform: 'linux', shell: 'harness' },
  };
  const dispatch = createDispatcher(createHandlers(ports), { appOrigin: 'app://vault' });
  const me = { isMainFrame: true, url: 'app://vault/index.html' };
  const call = async <T>(channel: string, args: unknown = {}): Promise<T> => {
    const r = (await dispatch(`vault:${channel}`, args, me)) as Result<T>;
    if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
    return r.value;
  };
  const fail = async (channel: string, args: unknown) => {
    const r = await dispatch(`vault:${channel}`, args, me);
    return r.ok ? 'ok' : r.code;
  };
  const pass = 'handler passphrase';

  it('walks add folder → generate → list → export → import → passphrase → remove', async () => {
    const trust = join(tmp.path, 'trust');
    answers.push(trust);
    mkdirSync(trust);
    const added = await call<TrustDirInfo | null>('trustDirs.add');
    expect(added).toMatchObject({ path: trust, origin: 'custom', selected: true });
    const trustDirId = added!.id;

    const gen = await call<GeneratedKey>('keys.generate', { trustDirId, role: 'targets', gun: 'example.com/h', passphrase: pass });
    expect(gen.key).toMatchObject({ role: 'targets', gun: 'example.com/h', algorithm: 'ecdsa', status: 'ok' });
    answers.push(tmp.path);
    const named = await call<GeneratedKey>('keys.generate', { trustDirId, role: 'erin', passphrase: pass, writePublicKey: true });
    expect(named.publicKeyPath).toBe(join(tmp.path, 'erin.pub'));
    expect(await fail('keys.generate', { trustDirId, role: 'root', passphrase: 'short' })).toBe('PASSPHRASE_TOO_SHORT');
    expect(await fail('keys.generate', { trustDirId, role: 'root', algorithm: 'ed25519', passphrase: pass })).toBe('UNSUPPORTED_KEY');

    const listing = await call<KeyListing>('keys.list', { trustDirId });
    expect(listing.keys.map((k) => k.id).sort()).toEqual([gen.key.id, named.key.id].sort());

    const bundle = join(tmp.path, 'out.pem');
    answers.push(bundle);
    expect(await call('keys.export', { trustDirId, ids: [gen.key.id], kind: 'bundle' })).toEqual({ path: bundle });
    expect(readFileSync(bundle, 'utf8')).toContain(`path: ${gen.key.id}`);
    expect(await fail('keys.export', { trustDirId, ids: [gen.key.id], kind: 'public' })).toBe('PASSPHRASE_REQUIRED');
    expect(await fail('keys.export', { trustDirId, ids: [gen.key.id], kind: 'public', passphrase: 'not it at all' })).toBe('WRONG_PASSPHRASE');
    const pub = join(tmp.path, 'targets.pub');
    answers.push(pub);
    expect(await call('keys.export', { trustDirId, ids: [gen.key.id], kind: 'public', passphrase: pass })).toEqual({ path: pub });
    expect(readFileSync(pub, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----\nrole: targets\n/);

    // Import the bundle into a second folder through chooseImport + import.
    const second = join(tmp.path, 'second');
    mkdirSync(second);
    answers.push(second);
    const secondId = (await call<TrustDirInfo>('trustDirs.add')).id;
    const garbage = join(tmp.path, 'garbage.pem');
    writeFileSync(garbage, 'nothing here');
    answers.push([bundle, garbage]);
    const sel = await call<ImportSelection>('keys.chooseImport');
    expect(sel.files[0]!.blocks[0]).toMatchObject({ pemType: 'ENCRYPTED PRIVATE KEY', encrypted: true, role: 'targets', pathHeader: gen.key.id });
    expect(sel.files[1]!.problem).toMatch(/no PEM block/);
    expect(await fail('keys.import', { trustDirId: secondId, selectionId: 'nope' })).toBe('NOT_FOUND');
    const report = await call<ImportReport>('keys.import', { trustDirId: secondId, selectionId: sel.selectionId, passphrase: pass });
    expect(report.imported.map((k) => k.id)).toEqual([gen.key.id]);
    expect(await fail('keys.import', { trustDirId: secondId, selectionId: sel.selectionId })).toBe('NOT_FOUND'); // used once

    const changed = await call<{ id: string }>('keys.changePassphrase', { trustDirId, id: gen.key.id, oldPassphrase: pass, newPassphrase: 'another passphrase' });
    expect(changed.id).toBe(gen.key.id);
    expect(await fail('keys.changePassphrase', { trustDirId, id: gen.key.id, oldPassphrase: pass, newPassphrase: 'x'.repeat(9) })).toBe('WRONG_PASSPHRASE');

    const impact = await call<RemovalImpact>('keys.removalImpact', { trustDirId, id: named.key.id });
    expect(impact).toMatchObject({ onlyCopy: true, confirmationText: named.key.id.slice(0, 12) });
    expect(impact.consequence).toMatch(/only known copy/);
    expect(await fail('keys.remove', { trustDirId, id: named.key.id, confirmation: 'yes' })).toBe('CONFIRMATION_REQUIRED');
    expect(await fail('keys.remove', { trustDirId, id: named.key.id, confirmation: impact.confirmationText })).toBe('ONLY_COPY');
    expect(await call('keys.remove', { trustDirId, id: named.key.id, confirmation: impact.confirmationText, insist: true })).toEqual({ removed: named.key.id });
    expect((await call<KeyListing>('keys.list', { trustDirId })).keys.map((k) => k.id)).toEqual([gen.key.id]);
  });

  it('answers null when a dialog is cancelled, and CANCELLED for a cancelled NAME.pub folder', async () => {
    answers.push(null);
    expect(await call('trustDirs.add')).toBeNull();
    answers.push(null);
    expect(await call('keys.chooseImport')).toBeNull();
    const trustDirId = (await call<TrustDirInfo[]>('trustDirs.list')).find((d) => d.selected)!.id;
    answers.push(null);
    expect(await fail('keys.generate', { trustDirId, role: 'frank', passphrase: pass, writePublicKey: true })).toBe('CANCELLED');
  });

  it('copies a secret and reports when it clears', async () => {
    expect(await call('clipboard.copySecret', { text: 'a secret' })).toEqual({ clearsAfterSeconds: 30 });
    expect(clipboardText).toBe('a secret');
  });

  it('refuses an unknown trust dir ID', async () => {
    expect(await fail('keys.list', { trustDirId: 'unknown' })).toBe('NOT_FOUND');
  });
});
