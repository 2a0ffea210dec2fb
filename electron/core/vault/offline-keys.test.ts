import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test/support/temp-dir';
import { VaultError } from '../errors';
import { listKeys } from '../keys/store/scan';
import { generateKey } from '../keys/store/generate-key';
import { bringOnline, savePassphraseChecked, takeOffline, verifyKeyPassphrase } from './offline-keys';
import { sweepExpired } from './sweep';
import { manualClock, tinyCalibrator, TINY_MEMORY_KIB } from './testing';
import { vaultPath } from './vault-file';
import { VaultSession } from './vault-session';

const VAULT_PASS = 'vault master passphrase';
const KEY_PASS = 'root key passphrase';

let tmp: { path: string; cleanup: () => void };
let trust: string;
let data: string;
beforeEach(() => {
  tmp = makeTempDir('tv-offline-');
  trust = join(tmp.path, 'trust');
  data = join(tmp.path, 'data');
});
afterEach(() => tmp.cleanup());

const session = (t: ReturnType<typeof manualClock>) => new VaultSession({ dataDir: data, clock: t.clock, calibrator: tinyCalibrator, minimumMemoryKiB: TINY_MEMORY_KIB, trustDirs: () => [trust] });

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof VaultError) return e.code;
    throw e;
  }
  return 'no error';
}

async function setup() {
  const t = manualClock();
  const s = session(t);
  await s.create(VAULT_PASS);
  const { key } = generateKey(trust, { role: 'root', algorithm: 'ecdsa', passphrase: KEY_PASS });
  const path = join(trust, 'private', `${key.id}.key`);
  return { t, s, id: key.id, path, bytes: readFileSync(path) };
}

describe('takeOffline / bringOnline', () => {
  it('refuses the only copy unless insisted, and then changes nothing', async () => {
    const { s, id, path, bytes } = await setup();
    const before = readFileSync(vaultPath(data));
    expect(codeOf(() => takeOffline(s, trust, id, { insist: false, otherCopies: [] }))).toBe('ONLY_COPY');
    try {
      takeOffline(s, trust, id, { insist: false, otherCopies: [] });
    } catch (e) {
      expect((e as Error).message).toMatch(/only known copy of the root key.*--force/);
    }
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(readFileSync(vaultPath(data)).equals(before)).toBe(true);
  });

  it('moves the exact file into the vault; online brings back the same bytes, ID and mode; the key list follows', async () => {
    const { t, s, id, path, bytes } = await setup();
    const out = takeOffline(s, trust, id, { insist: false, otherCopies: ['BACKUP-A (backup.tar.gz.age)'] });
    expect(out).toMatchObject({ keyId: id, insisted: false, otherCopies: ['BACKUP-A (backup.tar.gz.age)'] });
    expect(existsSync(path)).toBe(false);
    expect(listKeys(trust).map((k) => k.id)).not.toContain(id);
    expect(out.status.offlineKeys).toEqual([
      { keyId: id, role: 'root', gun: null, algorithm: 'ecdsa', trustDir: trust, file: `private/${id}.key`, takenOfflineAt: '2026-01-01T00:00:00.000Z', onlineUntil: null },
    ]);
    // The key file's bytes are not in the vault file in the clear.
    expect(readFileSync(vaultPath(data)).includes(bytes.subarray(100, 140))).toBe(false);

    // Readable while locked, from another session.
    s.lock('manual');
    const other = session(t);
    expect(other.offlineKeys().map((k) => k.keyId)).toEqual([id]);
    expect(codeOf(() => bringOnline(other, trust, id, { forSeconds: 600 }))).toBe('VAULT_LOCKED');
    await other.unlock(VAULT_PASS);

    const on = bringOnline(other, trust, id, { forSeconds: 600 });
    expect(on).toMatchObject({ keyId: id, path, until: '2026-01-01T00:10:00.000Z' });
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(listKeys(trust).find((k) => k.id === id)).toMatchObject({ status: 'ok', role: 'root' });
    expect(verifyKeyPassphrase(other, trust, id, KEY_PASS)).toEqual({ role: 'root', gun: null });
    expect(on.status.offlineKeys[0]?.onlineUntil).toBe('2026-01-01T00:10:00.000Z');
    other.dispose();
  });

  it('takes an online key offline again by removing the identical file only', async () => {
    const { s, id, path, bytes } = await setup();
    takeOffline(s, trust, id, { insist: true, otherCopies: [] });
    bringOnline(s, trust, id, { forSeconds: 60 });
    const out = takeOffline(s, trust, id, { insist: false, otherCopies: [] }); // already in the vault: no copy is at risk
    expect(existsSync(path)).toBe(false);
    expect(out.status.offlineKeys[0]?.onlineUntil).toBeNull();
    // A different file under that name is refused, both ways.
    writeFileSync(path, Buffer.concat([bytes, Buffer.from('\n')]), { mode: 0o600 });
    expect(codeOf(() => takeOffline(s, trust, id, { insist: true, otherCopies: [] }))).toBe('ALREADY_EXISTS');
    expect(codeOf(() => bringOnline(s, trust, id, { forSeconds: 60 }))).toBe('ALREADY_EXISTS');
    expect(existsSync(path)).toBe(true);
    s.dispose();
  });

  it('offline from another trust dir still removes the copy online in the one it was brought back to', async () => {
    const { s, id, path } = await setup();
    takeOffline(s, trust, id, { insist: true, otherCopies: [] });
    bringOnline(s, trust, id, { forSeconds: 60 });
    takeOffline(s, join(tmp.path, 'another-trust-dir'), id, { insist: false, otherCopies: [] });
    expect(existsSync(path)).toBe(false);
    s.dispose();
  });

  it('when the time is over, the timer removes the identical file; a file that differs is kept', async () => {
    const { t, s, id, path, bytes } = await setup();
    takeOffline(s, trust, id, { insist: true, otherCopies: [] });
    bringOnline(s, trust, id, { forSeconds: 30 });
    s.lock('manual'); // removal needs no unlock
    t.advance(29_000);
    expect(existsSync(path)).toBe(true);
    t.advance(1_000);
    expect(existsSync(path)).toBe(false);
    expect(s.status().offlineKeys[0]?.onlineUntil).toBeNull();

    await s.unlock(VAULT_PASS);
    bringOnline(s, trust, id, { forSeconds: 30 });
    s.dispose(); // no timers: the sweep at the next command does it
    writeFileSync(path, Buffer.concat([bytes, Buffer.from('changed')]));
    const actions = sweepExpired(data, new Date(t.clock.now().getTime() + 31_000), [trust], { minimumMemoryKiB: TINY_MEMORY_KIB });
    expect(actions).toEqual([expect.objectContaining({ keyId: id, outcome: 'kept-different' })]);
    expect(existsSync(path)).toBe(true);
    writeFileSync(path, bytes);
    expect(sweepExpired(data, new Date(t.clock.now().getTime() + 29_000), [trust], { minimumMemoryKiB: TINY_MEMORY_KIB })).toEqual([]);
    expect(existsSync(path)).toBe(true);
    expect(sweepExpired(data, new Date(t.clock.now().getTime() + 31_000), [trust], { minimumMemoryKiB: TINY_MEMORY_KIB })).toEqual([expect.objectContaining({ outcome: 'quarantined' })]) // locked: moved aside, never deleted (issue 12);
    expect(existsSync(path)).toBe(false);
  });

  it('a new session sweeps keys whose time ran out while nothing was running', async () => {
    const { t, s, id, path } = await setup();
    takeOffline(s, trust, id, { insist: true, otherCopies: [] });
    bringOnline(s, trust, id, { forSeconds: 30 });
    s.dispose();
    t.advance(60_000);
    expect(existsSync(path)).toBe(true);
    session(t).dispose();
    expect(existsSync(path)).toBe(false);
  });

  it('refuses a key with two files (current and legacy layout): moving one would leave it online', async () => {
    const { s, id, path, bytes } = await setup();
    const legacy = join(trust, 'private', 'root_keys', `${id}_root.key`);
    mkdirSync(dirname(legacy), { recursive: true });
    writeFileSync(legacy, bytes, { mode: 0o600 });
    expect(codeOf(() => takeOffline(s, trust, id, { insist: true, otherCopies: [] }))).toBe('INVALID_ARGUMENT');
    expect(existsSync(path) && existsSync(legacy)).toBe(true);
    expect(s.offlineKeys()).toEqual([]);
  });

  it('keeps the key file when the vault cannot be written', async () => {
    const { s, id, path, bytes } = await setup();
    writeFileSync(vaultPath(data), 'damaged');
    expect(codeOf(() => takeOffline(s, trust, id, { insist: true, otherCopies: [] }))).toBe('VAULT_DAMAGED');
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(readFileSync(vaultPath(data), 'utf8')).toBe('damaged');
  });
});

describe('saved key passphrases', () => {
  it('saves a passphrase only when it opens the key (file or offline copy)', async () => {
    const { s, id } = await setup();
    expect(codeOf(() => savePassphraseChecked(s, trust, id, 'wrong passphrase'))).toBe('WRONG_PASSPHRASE');
    expect(s.savedPassphrase(id)).toBeUndefined();
    savePassphraseChecked(s, trust, id, KEY_PASS);
    expect(s.savedPassphrase(id)).toBe(KEY_PASS);
    expect(s.status().savedPassphrases).toEqual([expect.objectContaining({ keyId: id, role: 'root', gun: null })]);
    takeOffline(s, trust, id, { insist: true, otherCopies: [] });
    s.forgetPassphrase(id);
    expect(verifyKeyPassphrase(s, trust, id, KEY_PASS)).toEqual({ role: 'root', gun: null });
    expect(codeOf(() => verifyKeyPassphrase(s, trust, id, 'wrong passphrase'))).toBe('WRONG_PASSPHRASE');
    expect(codeOf(() => verifyKeyPassphrase(null, trust, id, KEY_PASS))).toBe('NOT_FOUND');
  });
});
