import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test/support/temp-dir';
import { VaultError } from '../errors';
import { generateKey } from '../keys/store/generate-key';
import { bringOnline, takeOffline } from './offline-keys';
import { manualClock, tinyCalibrator, TINY_MEMORY_KIB } from './testing';
import { calibrate } from './kdf';
import { parseVault, vaultPath } from './vault-file';
import { VaultSession } from './vault-session';

const PASS = 'correct horse battery';
const KEY_A = 'a'.repeat(64);
const KEY_B = 'b'.repeat(64);

let tmp: { path: string; cleanup: () => void };
beforeEach(() => {
  tmp = makeTempDir('tv-vault-');
});
afterEach(() => tmp.cleanup());

function session(t = manualClock(), extra: { onLocked?: (r: string) => void } = {}) {
  return new VaultSession({ dataDir: tmp.path, clock: t.clock, calibrator: tinyCalibrator, minimumMemoryKiB: TINY_MEMORY_KIB, ...extra });
}

async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (e instanceof VaultError) return e.code;
    throw e;
  }
  return 'no error';
}

describe('VaultSession: create, unlock, round-trip', () => {
  it('reports no vault before create, and VAULT_NOT_CREATED on unlock', async () => {
    const s = session();
    expect(s.status()).toMatchObject({ exists: false, unlocked: false, kdf: null, autoLockMinutes: 5, offlineKeys: [] });
    expect(await codeOf(s.unlock(PASS))).toBe('VAULT_NOT_CREATED');
  });

  it('creates an unlocked 0600 vault in <dataDir>/vault, refuses short passphrases and a second create', async () => {
    const s = session();
    expect(await codeOf(s.create('short'))).toBe('PASSPHRASE_TOO_SHORT');
    const st = await s.create(PASS);
    expect(st).toMatchObject({ exists: true, unlocked: true, file: vaultPath(tmp.path), autoLockMinutes: 5 });
    expect(st.kdf).toMatchObject({ algorithm: 'argon2id', memoryKiB: TINY_MEMORY_KIB, iterations: 1, targetMs: 1000 });
    expect(statSync(vaultPath(tmp.path)).mode & 0o777).toBe(0o600);
    expect(statSync(`${tmp.path}/vault`).mode & 0o777).toBe(0o700);
    const before = readFileSync(vaultPath(tmp.path));
    expect(await codeOf(session().create(PASS))).toBe('ALREADY_EXISTS');
    expect(readFileSync(vaultPath(tmp.path)).equals(before)).toBe(true);
  });

  it('round-trips saved passphrases through the file, and lists them only while unlocked', async () => {
    const s = session();
    await s.create(PASS);
    s.savePassphrase(KEY_A, 'key a passphrase', { role: 'targets', gun: 'example.com/app' });
    s.savePassphrase(KEY_B, 'key b passphrase', { role: 'root', gun: null });
    s.forgetPassphrase(KEY_B);

    const other = session();
    expect(other.status()).toMatchObject({ exists: true, unlocked: false, savedPassphrases: [] });
    expect(other.savedPassphrase(KEY_A)).toBeUndefined();
    await other.unlock(PASS);
    expect(other.savedPassphrase(KEY_A)).toBe('key a passphrase');
    expect(other.savedPassphrase(KEY_B)).toBeUndefined();
    expect(other.status().savedPassphrases).toEqual([{ keyId: KEY_A, role: 'targets', gun: 'example.com/app', savedAt: '2026-01-01T00:00:00.000Z' }]);
    // The passphrase never appears in the file in the clear.
    expect(readFileSync(vaultPath(tmp.path)).includes('key a passphrase')).toBe(false);
  });

  it('a wrong passphrase is VAULT_WRONG_PASSPHRASE and leaves the file untouched', async () => {
    await session().create(PASS);
    const before = readFileSync(vaultPath(tmp.path));
    const s = session();
    expect(await codeOf(s.unlock('not the passphrase'))).toBe('VAULT_WRONG_PASSPHRASE');
    expect(s.isUnlocked()).toBe(false);
    expect(readFileSync(vaultPath(tmp.path)).equals(before)).toBe(true);
  });

  it('refuses a header that asks for less than 64 MiB unless the floor is lowered (tests only)', async () => {
    await session().create(PASS);
    const real = new VaultSession({ dataDir: tmp.path, clock: manualClock().clock });
    expect(await codeOf(real.unlock(PASS))).toBe('VAULT_DAMAGED');
    expect(real.status()).toMatchObject({ exists: true, kdf: null });
  });
});

describe('VaultSession: a damaged file', () => {
  it('a flipped byte anywhere gives VAULT_DAMAGED (never the wrong-passphrase error), and the file is never overwritten', async () => {
    const s = session();
    await s.create(PASS);
    s.savePassphrase(KEY_A, 'key a passphrase', { role: 'targets', gun: 'example.com/app' });
    const path = vaultPath(tmp.path);
    const good = readFileSync(path);
    const parsed = parseVault(good, path, { minimumMemoryKiB: TINY_MEMORY_KIB });
    // Every region: magic, length, header, ciphertext, tag, checksum; every byte when small, else 200 spread.
    const positions = new Set<number>();
    const step = Math.max(1, Math.floor(good.length / 200));
    for (let i = 0; i < good.length; i += step) positions.add(i);
    for (const edge of [0, 8, 12, parsed.aad.length - 1, parsed.aad.length, good.length - 49, good.length - 33, good.length - 32, good.length - 1]) positions.add(edge);
    for (const i of positions) {
      const bad = Buffer.from(good);
      bad[i] = bad[i]! ^ 0x01;
      writeFileSync(path, bad);
      const fresh = session();
      expect(fresh.status().exists).toBe(true); // status never throws for damage
      expect(await codeOf(fresh.unlock(PASS)), `byte ${i}`).toBe('VAULT_DAMAGED');
      // The still-unlocked session had read the good file: it refuses to write over the changed one.
      expect(await codeOf(() => s.savePassphrase(KEY_B, 'key b passphrase', { role: null, gun: null })), `byte ${i}`).toBe('VAULT_DAMAGED');
      expect(readFileSync(path).equals(bad), `byte ${i}`).toBe(true);
    }
    writeFileSync(path, good);
    const again = session();
    await again.unlock(PASS);
    expect(again.savedPassphrase(KEY_A)).toBe('key a passphrase');
  });

  it('a changed byte with a recomputed checksum is still caught (header by GCM, ciphertext by GCM): VAULT_DAMAGED', async () => {
    await session().create(PASS);
    const path = vaultPath(tmp.path);
    const good = readFileSync(path);
    const parsed = parseVault(good, path, { minimumMemoryKiB: TINY_MEMORY_KIB });
    const reseal = (i: number) => {
      const bad = Buffer.from(good);
      bad[i] = bad[i]! ^ 0x01;
      const body = bad.subarray(0, bad.length - 32);
      createHash('sha256').update(body).digest().copy(bad, bad.length - 32);
      return bad;
    };
    // A byte of the ciphertext, then of the tag.
    for (const i of [parsed.aad.length, good.length - 33]) {
      writeFileSync(path, reseal(i));
      expect(await codeOf(session().unlock(PASS))).toBe('VAULT_DAMAGED');
    }
    // The header's writtenAt: valid JSON still, but authenticated as AAD.
    const text = good.toString('latin1');
    const at = text.indexOf('"writtenAt":"2026') + '"writtenAt":"2026'.length - 1;
    const bad = Buffer.from(good);
    bad[at] = '7'.charCodeAt(0);
    createHash('sha256').update(bad.subarray(0, bad.length - 32)).digest().copy(bad, bad.length - 32);
    writeFileSync(path, bad);
    expect(await codeOf(session().unlock(PASS))).toBe('VAULT_DAMAGED');
  });

  it('a truncated or empty file is VAULT_DAMAGED', async () => {
    await session().create(PASS);
    const path = vaultPath(tmp.path);
    const good = readFileSync(path);
    for (const n of [0, 10, good.length - 1]) {
      writeFileSync(path, good.subarray(0, n));
      expect(await codeOf(session().unlock(PASS))).toBe('VAULT_DAMAGED');
    }
  });
});

describe('VaultSession: lock and auto-lock', () => {
  it('locks after the idle time; touch postpones it; locking wipes and calls wipers and onLocked', async () => {
    const t = manualClock();
    const locked: string[] = [];
    const s = session(t, { onLocked: (r) => locked.push(r) });
    const wiped: string[] = [];
    s.onLock((r) => wiped.push(`cache:${r}`));
    await s.create(PASS);
    s.savePassphrase(KEY_A, 'key a passphrase', { role: 'targets', gun: 'g.example/x' });
    t.advance(4 * 60_000);
    expect(s.isUnlocked()).toBe(true);
    s.touch();
    t.advance(4 * 60_000);
    expect(s.isUnlocked()).toBe(true);
    expect(s.savedPassphrase(KEY_A)).toBe('key a passphrase'); // using it is activity too
    t.advance(5 * 60_000 - 1);
    expect(s.isUnlocked()).toBe(true);
    t.advance(1);
    expect(s.isUnlocked()).toBe(false);
    expect(s.status()).toMatchObject({ unlocked: false, lockedBy: 'idle', savedPassphrases: [] });
    expect(s.savedPassphrase(KEY_A)).toBeUndefined();
    expect(wiped).toEqual(['cache:idle']);
    expect(locked).toEqual(['idle']);
    expect(await codeOf(() => s.savePassphrase(KEY_B, 'x'.repeat(8), { role: null, gun: null }))).toBe('VAULT_LOCKED');
  });

  it('asking whether a passphrase is saved is not activity (a key listing must not keep the vault open)', async () => {
    const t = manualClock();
    const s = session(t);
    await s.create(PASS);
    s.savePassphrase(KEY_A, 'key a passphrase', { role: null, gun: null });
    for (let i = 0; i < 5; i++) {
      t.advance(60_000 - 1);
      expect(s.hasSavedPassphrase(KEY_A)).toBe(true);
    }
    t.advance(5);
    expect(s.isUnlocked()).toBe(false);
    expect(s.hasSavedPassphrase(KEY_A)).toBe(false);
  });

  it('setAutoLock persists; 0 never locks; a manual lock still works', async () => {
    const t = manualClock();
    const s = session(t);
    await s.create(PASS);
    expect(s.setAutoLock(0).autoLockMinutes).toBe(0);
    expect(await codeOf(() => s.setAutoLock(-1))).toBe('INVALID_ARGUMENT');
    t.advance(48 * 3600_000);
    expect(s.isUnlocked()).toBe(true);
    s.lock('manual');
    expect(s.status()).toMatchObject({ lockedBy: 'manual', autoLockMinutes: 0 });
    const other = session(t);
    expect(other.status().autoLockMinutes).toBe(0);
    await other.unlock(PASS);
    other.setAutoLock(2);
    t.advance(2 * 60_000);
    expect(other.isUnlocked()).toBe(false);
  });

  it('a lock during an unlock in progress wins', async () => {
    await session().create(PASS);
    const s = session();
    const pending = s.unlock(PASS);
    s.lock('system');
    expect(await codeOf(pending)).toBe('VAULT_LOCKED');
    expect(s.isUnlocked()).toBe(false);
  });

  it('a lock while creating leaves the new vault created but locked', async () => {
    const s = session();
    const pending = s.create(PASS);
    s.lock('system');
    expect(await pending).toMatchObject({ exists: true, unlocked: false, lockedBy: 'system' });
    await session().unlock(PASS);
  });

  it('recalibrate checks the passphrase, changes salt and keeps the contents', async () => {
    const s = session();
    await s.create(PASS);
    s.savePassphrase(KEY_A, 'key a passphrase', { role: null, gun: null });
    const before = JSON.parse(JSON.stringify(parseVault(readFileSync(vaultPath(tmp.path)), '', { minimumMemoryKiB: TINY_MEMORY_KIB }).header.kdf)) as { salt: string };
    expect(await codeOf(s.recalibrate('wrong passphrase', 2))).toBe('VAULT_WRONG_PASSPHRASE');
    const st = await s.recalibrate(PASS, 2);
    expect(st.kdf?.targetMs).toBe(2000);
    const after = parseVault(readFileSync(vaultPath(tmp.path)), '', { minimumMemoryKiB: TINY_MEMORY_KIB }).header.kdf;
    expect(after.salt).not.toBe(before.salt);
    const other = session();
    await other.unlock(PASS);
    expect(other.savedPassphrase(KEY_A)).toBe('key a passphrase');
  });

  it('another process wrote the file since unlock: the change is made on top of theirs, neither is lost (issue 13)', async () => {
    const a = session();
    await a.create(PASS);
    const b = session();
    await b.unlock(PASS);
    b.savePassphrase(KEY_A, 'from b passphrase', { role: null, gun: null });
    a.savePassphrase(KEY_B, 'from a passphrase', { role: null, gun: null });
    expect(a.savedPassphrase(KEY_A)).toBe('from b passphrase');
    const c = session();
    await c.unlock(PASS);
    expect([c.savedPassphrase(KEY_A), c.savedPassphrase(KEY_B)]).toEqual(['from b passphrase', 'from a passphrase']);
  });

  it('another process changed the master passphrase since unlock: asked to unlock again, the file not overwritten', async () => {
    const a = session();
    await a.create(PASS);
    const b = session();
    await b.unlock(PASS);
    await b.changePassphrase(PASS, 'another master passphrase');
    const afterB = readFileSync(vaultPath(tmp.path));
    expect(await codeOf(() => a.savePassphrase(KEY_B, 'from a passphrase', { role: null, gun: null }))).toBe('VAULT_LOCKED');
    expect(readFileSync(vaultPath(tmp.path)).equals(afterB)).toBe(true);
  });
});

describe('VaultSession: changing the master passphrase', () => {
  const NEW_PASS = 'a brand new master passphrase';
  const kdfOf = () => parseVault(readFileSync(vaultPath(tmp.path)), '', { minimumMemoryKiB: TINY_MEMORY_KIB }).header.kdf;

  /** A vault with a saved passphrase and an offline root key (taken offline, insisted: there is no backup here). */
  async function filled() {
    const s = session();
    await s.create(PASS, { unlockSeconds: 2 });
    s.savePassphrase(KEY_A, 'key a passphrase', { role: 'targets', gun: 'example.com/app' });
    const trust = join(tmp.path, 'trust');
    const { key } = generateKey(trust, { role: 'root', algorithm: 'ecdsa', passphrase: 'root key passphrase' });
    const keyFile = join(trust, 'private', `${key.id}.key`);
    const keyBytes = readFileSync(keyFile);
    takeOffline(s, trust, key.id, { insist: true, otherCopies: [] });
    expect(existsSync(keyFile)).toBe(false);
    return { s, trust, rootId: key.id, keyFile, keyBytes };
  }

  it('re-encrypts under the new passphrase: the old one no longer opens it, the new one does, and the contents survive', async () => {
    const { s, trust, rootId, keyFile, keyBytes } = await filled();
    const before = kdfOf();
    const st = await s.changePassphrase(PASS, NEW_PASS);
    expect(st).toMatchObject({ exists: true, unlocked: true });
    // A new salt, calibrated to the current target (2 s) when no unlock time is given.
    const after = kdfOf();
    expect(after.salt).not.toBe(before.salt);
    expect(after.targetMs).toBe(2000);
    // The session stays unlocked and keeps working under the new key.
    expect(s.isUnlocked()).toBe(true);
    s.savePassphrase(KEY_B, 'key b passphrase', { role: null, gun: null });

    const other = session();
    expect(await codeOf(other.unlock(PASS))).toBe('VAULT_WRONG_PASSPHRASE');
    expect(other.isUnlocked()).toBe(false);
    await other.unlock(NEW_PASS);
    expect(other.savedPassphrase(KEY_A)).toBe('key a passphrase');
    expect(other.savedPassphrase(KEY_B)).toBe('key b passphrase');
    expect(other.status().savedPassphrases.map((p) => p.keyId).sort()).toEqual([KEY_A, KEY_B]);
    expect(other.status().offlineKeys.map((k) => k.keyId)).toEqual([rootId]);
    // The offline key comes back byte for byte.
    bringOnline(other, trust, rootId, { forSeconds: 60 });
    expect(readFileSync(keyFile).equals(keyBytes)).toBe(true);
    other.dispose();
    s.dispose();
  });

  it('takes a new unlock time when given one', async () => {
    const s = session();
    await s.create(PASS);
    const st = await s.changePassphrase(PASS, NEW_PASS, 3);
    expect(st.kdf?.targetMs).toBe(3000);
    expect(kdfOf().targetMs).toBe(3000);
    expect(await codeOf(s.changePassphrase(NEW_PASS, PASS, 60))).toBe('INVALID_ARGUMENT');
  });

  it('works on a locked session (the CLI): the current passphrase unlocks it first, and it stays unlocked', async () => {
    await filled();
    const s = session();
    expect(s.isUnlocked()).toBe(false);
    const st = await s.changePassphrase(PASS, NEW_PASS);
    expect(st.unlocked).toBe(true);
    expect(s.savedPassphrase(KEY_A)).toBe('key a passphrase');
    expect(await codeOf(session().unlock(PASS))).toBe('VAULT_WRONG_PASSPHRASE');
    await session().unlock(NEW_PASS);
  });

  it('a wrong current passphrase changes nothing (the file byte for byte), unlocked or locked', async () => {
    const { s } = await filled();
    const bytes = readFileSync(vaultPath(tmp.path));
    expect(await codeOf(s.changePassphrase('not the passphrase', NEW_PASS))).toBe('VAULT_WRONG_PASSPHRASE');
    expect(readFileSync(vaultPath(tmp.path)).equals(bytes)).toBe(true);
    expect(s.isUnlocked()).toBe(true);
    // The session still writes under the old key (nothing in memory changed either).
    s.forgetPassphrase(KEY_B);
    const afterWrite = readFileSync(vaultPath(tmp.path));
    const locked = session();
    expect(await codeOf(locked.changePassphrase('not the passphrase', NEW_PASS))).toBe('VAULT_WRONG_PASSPHRASE');
    expect(locked.isUnlocked()).toBe(false);
    expect(readFileSync(vaultPath(tmp.path)).equals(afterWrite)).toBe(true);
    await session().unlock(PASS);
  });

  it('refuses a too-short or empty new passphrase, and an empty current one, before anything is derived or written', async () => {
    const { s } = await filled();
    const bytes = readFileSync(vaultPath(tmp.path));
    expect(await codeOf(s.changePassphrase(PASS, 'short'))).toBe('PASSPHRASE_TOO_SHORT');
    expect(await codeOf(s.changePassphrase(PASS, ''))).toBe('PASSPHRASE_REQUIRED');
    expect(await codeOf(s.changePassphrase('', NEW_PASS))).toBe('PASSPHRASE_REQUIRED');
    expect(readFileSync(vaultPath(tmp.path)).equals(bytes)).toBe(true);
    await session().unlock(PASS);
  });

  it('refuses to overwrite a file another process changed since unlock, and keeps the old passphrase', async () => {
    const a = session();
    await a.create(PASS);
    const b = session();
    await b.unlock(PASS);
    b.savePassphrase(KEY_A, 'from b passphrase', { role: null, gun: null });
    const afterB = readFileSync(vaultPath(tmp.path));
    expect(await codeOf(a.changePassphrase(PASS, NEW_PASS))).toBe('VAULT_DAMAGED');
    expect(readFileSync(vaultPath(tmp.path)).equals(afterB)).toBe(true);
    await session().unlock(PASS);
  });

  it('a lock while deriving the new key changes nothing', async () => {
    const s = session();
    await s.create(PASS);
    const bytes = readFileSync(vaultPath(tmp.path));
    const pending = s.changePassphrase(PASS, NEW_PASS);
    s.lock('system');
    expect(await codeOf(pending)).toBe('VAULT_LOCKED');
    expect(s.isUnlocked()).toBe(false);
    expect(readFileSync(vaultPath(tmp.path)).equals(bytes)).toBe(true);
  });
});

describe('VaultSession: floors (issue 12 point 4, issue 13 point 6)', () => {
  it('refuses a master passphrase under 12 characters, one rated weak, and published example phrases', async () => {
    const s = session();
    expect(await codeOf(s.create('elevenchars'))).toBe('PASSPHRASE_TOO_SHORT');
    expect(await codeOf(s.create('abcdefghijkl'))).toBe('PASSPHRASE_TOO_WEAK');
    expect(await codeOf(s.create('correct horse battery staple'))).toBe('PASSPHRASE_TOO_WEAK');
    expect(await codeOf(s.create('Correct-Horse-Battery-Staple!'))).toBe('PASSPHRASE_TOO_WEAK');
    expect(await codeOf(s.create('panoramic nectar precut smith banana handclap'))).toBe('PASSPHRASE_TOO_WEAK');
    expect(existsSync(vaultPath(tmp.path))).toBe(false);
    await s.create(PASS);
    expect(await codeOf(s.changePassphrase(PASS, 'correct horse battery staple'))).toBe('PASSPHRASE_TOO_WEAK');
  });

  it('on a busy machine, recalibrating and changing the passphrase keep the current cost unless lowering is chosen', async () => {
    // The real calibration with an injected timer: the first run sees an idle machine (20 ms a pass), later
    // runs a loaded one (56 ms a pass), as three runs on a loaded machine once took a vault from 28 passes to 10.
    let msPerPass = 20;
    const calibrator = (targetMs: number) => calibrate(targetMs, { memoryKiB: TINY_MEMORY_KIB, parallelism: 1, measure: async (p) => msPerPass * p.iterations });
    const s = new VaultSession({ dataDir: tmp.path, clock: manualClock().clock, calibrator, minimumMemoryKiB: TINY_MEMORY_KIB });
    expect((await s.create(PASS, { unlockSeconds: 0.56 })).kdf).toMatchObject({ iterations: 28 });
    msPerPass = 56;
    expect((await s.recalibrate(PASS, 0.56)).kdf).toMatchObject({ iterations: 28, memoryKiB: TINY_MEMORY_KIB });
    const NEW_PASS = 'a brand new master passphrase';
    expect((await s.changePassphrase(PASS, NEW_PASS)).kdf).toMatchObject({ iterations: 28 });
    s.lock('manual');
    expect((await s.unlock(NEW_PASS)).unlocked).toBe(true);
    // Chosen explicitly: the calibrated (lower) cost is taken.
    expect((await s.recalibrate(NEW_PASS, 0.56, { allowWeaker: true })).kdf).toMatchObject({ iterations: 10 });
    // Even chosen, never under RFC 9106's 3 passes.
    msPerPass = 1000;
    expect((await s.recalibrate(NEW_PASS, 0.56, { allowWeaker: true })).kdf).toMatchObject({ iterations: 3 });
  });
});
