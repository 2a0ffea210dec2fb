import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey } from '../../electron/core/keys/store/generate-key';
import { readTufKey } from '../../electron/core/tuf/tuf-key';
import { makeTempDir } from '../support/temp-dir';
import { certKey, ecdsaKey, writeTestRepo } from '../support/tuf-repo';
import { ensureBuiltCli, runBuiltCli } from '../support/vault-cli';

/**
 * Issue 12, point 1, through the built CLI and GNU tar: restoring never plants trust. A plain tar.gz (Docker's
 * guide's archive) restores keys only, whatever roots it carries; an encrypted Trust Vault backup restores a pinned
 * root only when it is named (--pinned-roots), its manifest lists it, it is signed by its own root keys for that
 * GUN, and it neither replaces nor contradicts the one the trust folder pins.
 */

const ENV = { BP: 'backup passphrase for the restore tests', KP: 'a key passphrase for tests' };
const GOOD = 'registry.example.com/team/app';
const OTHER = 'registry.example.com/someone/else';

let tmp: { path: string; cleanup: () => void };
beforeAll(() => {
  ensureBuiltCli();
  tmp = makeTempDir('tv-restore-trust-');
});
afterAll(() => tmp.cleanup());

/** A notary-shaped repository for `gun` cached in `trust`: root signed by `signers` (its own keys by default). */
function pinRoot(trust: string, gun: string, options: { cn?: string; foreignSigner?: boolean } = {}) {
  const root = certKey('ecdsa', options.cn ?? gun);
  writeTestRepo(trust, {
    gun,
    root: [root],
    targets: ecdsaKey(),
    snapshot: ecdsaKey(),
    timestamp: ecdsaKey(),
    tags: {},
    ...(options.foreignSigner ? { signers: { root: [certKey('ecdsa', gun)] } } : {}),
  });
  return root;
}

const rootFile = (trust: string, gun: string) => join(trust, 'tuf', gun, 'metadata', 'root.json');
const restore = (file: string, target: string, extra: string[] = []) =>
  runBuiltCli(['backup', 'restore', file, '--trust-dir', target, '--data-dir', join(tmp.path, 'data'), '--json', ...extra], ENV);
const filesIn = (dir: string) => (existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String).sort() : []);

describe('restore never plants trust', () => {
  it('a plain tar.gz carrying a root for another GUN: its keys are restored, the root is not written, even when named', () => {
    const base = join(tmp.path, 'plain');
    const source = join(base, 'home', '.docker', 'trust');
    const key = generateKey(source, { role: 'targets', gun: GOOD, algorithm: 'ecdsa', passphrase: ENV.KP }).key;
    pinRoot(source, OTHER);
    const archive = join(base, 'private_keys_backup.tar.gz');
    execFileSync('tar', ['-zcf', archive, '-C', join(base, 'home'), '.docker/trust/private', `.docker/trust/tuf/${OTHER}/metadata/root.json`]);

    const named = join(base, 'named');
    const refused = restore(archive, named, ['--pinned-roots', OTHER]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/--pinned-roots registry\.example\.com\/someone\/else: pinned root of .* not restored: a pinned root is restored only from an encrypted Trust Vault backup.*NOT_FOUND/);
    expect(filesIn(named)).toEqual([]);

    const target = join(base, 'target');
    const r = restore(archive, target);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { keys: { id: string; action: string }[]; roots: unknown[]; ignored: { path: string; reason: string }[] };
    expect(out.keys).toEqual([expect.objectContaining({ id: key.id, action: 'written' })]);
    expect(out.roots).toEqual([]);
    expect(out.ignored).toEqual(expect.arrayContaining([expect.objectContaining({ path: `tuf/${OTHER}/metadata/root.json`, reason: expect.stringMatching(/encrypted Trust Vault backup/) })]));
    expect(existsSync(join(target, 'private', `${key.id}.key`))).toBe(true);
    expect(existsSync(join(target, 'tuf'))).toBe(false);
  });

  it('an encrypted backup: a pinned root only when named, showing its root key IDs; one contradicting a pinned root is refused, nothing written', () => {
    const base = join(tmp.path, 'vault-backup');
    const source = join(base, 'source');
    generateKey(source, { role: 'targets', gun: GOOD, algorithm: 'ecdsa', passphrase: ENV.KP });
    const root = pinRoot(source, GOOD);
    // Shown as `notary key list` shows a root key: its canonical ID (the certificate's own ID is another).
    const rootKeyId = readTufKey(root.tuf).canonicalId!;
    const backup = join(base, 'keys.tar.gz.age');
    const made = runBuiltCli(['backup', 'create', '--out', backup, '--passphrase-env', 'BP', '--trust-dir', source, '--data-dir', join(base, 'data')], ENV);
    expect(made.status, made.stderr).toBe(0);

    // Not named: keys only, and the text says how to opt in, with the root key IDs.
    const keysOnly = join(base, 'keys-only');
    const plain = runBuiltCli(['backup', 'restore', backup, '--passphrase-env', 'BP', '--trust-dir', keysOnly, '--data-dir', join(base, 'data')], ENV);
    expect(plain.status, plain.stderr).toBe(0);
    expect(plain.stdout).toContain(`pinned root of ${GOOD} (root keys ${rootKeyId}) not restored: name it with --pinned-roots ${GOOD}`);
    expect(existsSync(rootFile(keysOnly, GOOD))).toBe(false);

    // Named: written, byte for byte.
    const withRoot = join(base, 'with-root');
    const r = restore(backup, withRoot, ['--passphrase-env', 'BP', '--pinned-roots', GOOD]);
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { roots: unknown[] }).roots).toEqual([expect.objectContaining({ gun: GOOD, keyIds: [rootKeyId], action: 'written' })]);
    expect(readFileSync(rootFile(withRoot, GOOD)).equals(readFileSync(rootFile(source, GOOD)))).toBe(true);

    // A trust folder that already pins another root for the GUN: refused, and not even the keys are written.
    const pinned = join(base, 'pinned');
    pinRoot(pinned, GOOD);
    const before = filesIn(pinned);
    const conflict = restore(backup, pinned, ['--passphrase-env', 'BP', '--pinned-roots', GOOD]);
    expect(conflict.status).toBe(1);
    expect(conflict.stderr).toMatch(/already pins a different root for registry\.example\.com\/team\/app; a backup never replaces a pinned root\. Nothing was restored.*ALREADY_EXISTS/);
    expect(filesIn(pinned)).toEqual(before);
  });

  it('a root in an encrypted backup that is not signed by its own keys, or whose certificate names another GUN, is never offered', () => {
    const base = join(tmp.path, 'bad-roots');
    const source = join(base, 'source');
    generateKey(source, { role: 'targets', gun: GOOD, algorithm: 'ecdsa', passphrase: ENV.KP });
    pinRoot(source, GOOD, { foreignSigner: true });
    pinRoot(source, OTHER, { cn: GOOD });
    const backup = join(base, 'keys.tar.gz.age');
    expect(runBuiltCli(['backup', 'create', '--out', backup, '--passphrase-env', 'BP', '--trust-dir', source, '--data-dir', join(base, 'data')], ENV).status).toBe(0);
    const target = join(base, 'target');
    mkdirSync(target, { recursive: true });
    const r = restore(backup, target, ['--passphrase-env', 'BP', '--dry-run']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { roots: unknown[]; ignored: { path: string; reason: string }[] };
    expect(out.roots).toEqual([]);
    expect(out.ignored.find((i) => i.path.includes(GOOD))?.reason).toMatch(/not signed by its own root keys/);
    expect(out.ignored.find((i) => i.path.includes(OTHER))?.reason).toMatch(/names registry\.example\.com\/team\/app, not registry\.example\.com\/someone\/else/);
    for (const gun of [GOOD, OTHER]) expect(restore(backup, target, ['--passphrase-env', 'BP', '--pinned-roots', gun]).status).toBe(1);
    expect(existsSync(join(target, 'tuf'))).toBe(false);
  });
});
