import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackup } from '../../electron/core/backup/open-backup';
import { applyRestore } from '../../electron/core/backup/restore/apply-restore';
import { restoreCandidates } from '../../electron/core/backup/restore/restore-preview';
import { generateKey } from '../../electron/core/keys/store/generate-key';
import { listKeys } from '../../electron/core/keys/store/scan';
import { ageCliDecrypt, ageCliEncrypt } from '../support/age-cli';
import { notaryOk, parseNotaryKeyList } from '../support/notary-cli';
import { makeTempDir } from '../support/temp-dir';
import { snapshotTree } from '../support/tree-snapshot';
import { asNotaryRows, decryptedIdOf, notaryRows } from '../support/vault-keys';
import { ensureBuiltCli, runBuiltCli } from '../support/vault-cli';

const pass = 'roundtrip key passphrase';
const backupPass = 'backup passphrase for the drill';
const notaryEnv = { NOTARY_ROOT_PASSPHRASE: pass, NOTARY_TARGETS_PASSPHRASE: pass, NOTARY_SNAPSHOT_PASSPHRASE: pass, NOTARY_DELEGATION_PASSPHRASE: pass };

/**
 * Backups against the real tools: the age CLI decrypts what the vault writes and `tar -xz` gives a private/ that
 * notary lists exactly as the source; Docker's recommended tar command, encrypted by the age CLI, restores through
 * the vault; every key format survives the trip.
 */
describe('backups with the real age, tar and notary', () => {
  const tmp = makeTempDir('tv-backup-rt-');
  const home = join(tmp.path, 'home');
  const trust = join(home, '.docker', 'trust');
  const data = join(tmp.path, 'data');
  const cli = (args: string[], env: Record<string, string> = {}) =>
    runBuiltCli([...args, '--trust-dir', trust, '--data-dir', data], { HOME: home, TV_BACKUP: backupPass, ...env }, tmp.path);
  /** notary migrates legacy layouts when it opens a trust dir, so it always lists a copy. */
  const notaryList = (dir: string) => {
    const copy = join(tmp.path, `notary-view-${Math.random().toString(36).slice(2)}`);
    cpSync(dir, copy, { recursive: true });
    return notaryRows(parseNotaryKeyList(notaryOk(copy, home, ['key', 'list'])));
  };

  beforeAll(() => {
    ensureBuiltCli();
    mkdirSync(home, { recursive: true });
    // Keys from notary itself, and from the vault in every algorithm, plus the pre-0.4 layout.
    notaryOk(trust, home, ['key', 'generate', '--role', 'root'], notaryEnv);
    notaryOk(trust, home, ['key', 'generate', '--role', 'targets/releases'], notaryEnv);
    generateKey(trust, { role: 'targets', gun: 'example.com/app', algorithm: 'ecdsa', passphrase: pass });
    generateKey(trust, { role: 'snapshot', gun: 'example.com/app', algorithm: 'ed25519', passphrase: pass });
    generateKey(trust, { role: 'alice', algorithm: 'rsa', rsaBits: 2048, passphrase: pass });
    const legacy = generateKey(join(tmp.path, 'scratch'), { role: 'targets', gun: 'example.com/old', algorithm: 'ecdsa', passphrase: pass }).key;
    mkdirSync(join(trust, 'private', 'tuf_keys', 'example.com', 'old'), { recursive: true, mode: 0o700 });
    cpSync(legacy.path, join(trust, 'private', 'tuf_keys', 'example.com', 'old', `${legacy.id}_targets.key`));
    // The legacy PEM types notary still reads, unencrypted: EC PRIVATE KEY (SEC1) and PKCS#8 PRIVATE KEY.
    const o = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'ignore'] });
    o(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', join(tmp.path, 'ec.pem')]);
    mkdirSync(join(trust, 'private', 'root_keys'), { recursive: true, mode: 0o700 });
    cpSync(join(tmp.path, 'ec.pem'), join(trust, 'private', 'root_keys', `${'a'.repeat(64)}_root.key`));
    o(['pkcs8', '-topk8', '-nocrypt', '-in', join(tmp.path, 'ec.pem'), '-out', join(tmp.path, 'p8.pem')]);
    writeFileSync(join(trust, 'private', `${'d'.repeat(64)}.key`), readFileSync(join(tmp.path, 'p8.pem'), 'utf8').replace('-----\n', '-----\nrole: targets/p8\n\n'));
    execFileSync('chmod', ['-R', 'go-rwx', trust]);
  });
  afterAll(() => tmp.cleanup());

  it('a vault backup decrypts with the age CLI and tar -xz gives a private/ that notary lists as the source', async () => {
    const out = join(tmp.path, 'usb', 'vault-backup.tar.gz.age');
    mkdirSync(join(tmp.path, 'usb'));
    const r = cli(['backup', 'create', '--out', out, '--passphrase-env', 'TV_BACKUP', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const created = JSON.parse(r.stdout) as { file: string; keys: { id: string }[]; verify: { ok: boolean; keys: { matches: boolean }[] } };
    expect(created.file).toBe(out);
    expect(created.keys).toHaveLength(8);
    expect(created.verify.ok).toBe(true);
    expect(created.verify.keys.every((k) => k.matches)).toBe(true);
    expect(statSync(out).mode & 0o777).toBe(0o600);

    const tarGz = join(tmp.path, 'decrypted.tar.gz');
    await ageCliDecrypt(out, tarGz, backupPass);
    const listing = execFileSync('tar', ['-tzvf', tarGz], { encoding: 'utf8' });
    expect(listing).toMatch(/^drwx------ 0\/0 .* private\/$/m);
    expect(listing).toMatch(/^-rw------- 0\/0 .* private\/[0-9a-f]{64}\.key$/m);
    expect(listing).not.toMatch(/\.\.|^\//m);
    const restored = join(tmp.path, 'plain-restore');
    mkdirSync(restored);
    execFileSync('tar', ['-xzf', tarGz, '-C', restored]);
    expect(readdirSync(restored).sort()).toEqual(['private', 'trust-vault-backup-manifest.json']);
    expect(notaryList(restored)).toEqual(notaryList(trust));
    // Byte for byte the source's key files, so each still decrypts with its passphrase to the same key ID.
    for (const k of listKeys(trust)) expect(readFileSync(join(restored, k.file))).toEqual(readFileSync(k.path));
  });

  it("restores what Docker's recommended command makes, encrypted by the age CLI, into an empty trust dir", async () => {
    const archive = join(tmp.path, 'private_keys_backup.tar.gz');
    execFileSync('sh', ['-c', `umask 077; tar -zcvf ${archive} ${trust}/private`], { stdio: 'ignore' });
    const encrypted = `${archive}.age`;
    await ageCliEncrypt(archive, encrypted, backupPass);

    const target = join(tmp.path, 'restore-target');
    const opened = await openBackup(encrypted, backupPass);
    expect(opened.format).toBe('tar.gz');
    const candidates = restoreCandidates(opened, target);
    expect(candidates.keys.map((k) => k.state)).toEqual(candidates.keys.map(() => 'new'));
    const report = await applyRestore(opened, target, { keyPaths: candidates.keys.map((k) => k.path), rootGuns: [] });
    expect(report.written).toHaveLength(8);
    expect(notaryList(target)).toEqual(notaryList(trust));
    for (const k of listKeys(target)) {
      expect(statSync(k.path).mode & 0o777).toBe(0o600);
      // The made-up IDs of the openssl keys are names only; the others decrypt to the key their name says.
      if (!/^(a{64}|d{64})$/.test(k.id)) expect(decryptedIdOf(k, pass)).toBe(k.id);
      expect(readFileSync(k.path)).toEqual(readFileSync(join(trust, k.file)));
    }
    expect(asNotaryRows(listKeys(target))).toEqual(asNotaryRows(listKeys(trust)));
  });

  it('restores the same plain tar.gz unencrypted through the CLI, and a second restore writes nothing', () => {
    const archive = join(tmp.path, 'private_keys_backup.tar.gz');
    const target = join(tmp.path, 'cli-restore');
    const run = (extra: string[] = []) => runBuiltCli(['backup', 'restore', archive, '--trust-dir', target, '--data-dir', data, '--json', ...extra], { HOME: home }, tmp.path);
    const dry = run(['--dry-run']);
    expect(dry.status, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout).keys.every((k: { action: string }) => k.action === 'would write')).toBe(true);
    expect(() => statSync(target)).toThrow();
    const first = run();
    expect(first.status, first.stderr).toBe(0);
    expect(notaryList(target)).toEqual(notaryList(trust));
    const before = snapshotTree(target);
    const second = run();
    expect(second.status, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout).keys.every((k: { state: string; action: string }) => k.state === 'present' && k.action === 'kept existing')).toBe(true);
    expect(snapshotTree(target)).toEqual(before);
  });

  it('verify reports each key against the trust dir, and a changed passphrase shows as a difference', () => {
    const out = join(tmp.path, 'verify-me.tar.gz.age');
    expect(cli(['backup', 'create', '--out', out, '--passphrase-env', 'TV_BACKUP']).status).toBe(0);
    const changed = join(tmp.path, 'changed-trust');
    cpSync(trust, changed, { recursive: true });
    const root = listKeys(changed).find((k) => k.role === 'root')!;
    writeFileSync(root.path, readFileSync(root.path, 'utf8').replace('role: root', 'role: root\n'), { mode: 0o600 });
    const r = runBuiltCli(['backup', 'verify', out, '--passphrase-env', 'TV_BACKUP', '--trust-dir', changed, '--data-dir', data, '--json'], { HOME: home, TV_BACKUP: backupPass }, tmp.path);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { ok: boolean; keys: { id: string; trustDir: string; matches: boolean }[]; differences: string[] };
    expect(report.ok).toBe(true);
    expect(report.keys.find((k) => k.id === root.id)).toMatchObject({ trustDir: 'different', matches: false });
    expect(report.keys.filter((k) => k.matches)).toHaveLength(7);
    expect(report.differences.join('\n')).toMatch(/differs from the trust folder's copy/);
  });

  it('a wrong passphrase, a truncated file and a tampered file each fail with their own code, writing nothing', () => {
    const out = join(tmp.path, 'hostile-source.tar.gz.age');
    expect(cli(['backup', 'create', '--out', out, '--passphrase-env', 'TV_BACKUP']).status).toBe(0);
    const bytes = readFileSync(out);
    const truncated = join(tmp.path, 'truncated.tar.gz.age');
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 40));
    const tampered = join(tmp.path, 'tampered.tar.gz.age');
    const t = Buffer.from(bytes);
    t[t.length - 100] = t[t.length - 100]! ^ 0x01;
    writeFileSync(tampered, t);
    const target = join(tmp.path, 'never-written');
    const restore = (file: string, pw: string) =>
      runBuiltCli(['backup', 'restore', file, '--passphrase-env', 'TV_BACKUP', '--trust-dir', target, '--data-dir', data], { HOME: home, TV_BACKUP: pw }, tmp.path);
    const cases: [string, string, string][] = [
      [out, 'not the right passphrase', 'WRONG_PASSPHRASE'],
      [truncated, backupPass, 'BACKUP_TRUNCATED'],
      [tampered, backupPass, 'BACKUP_DAMAGED'],
    ];
    for (const [file, pw, code] of cases) {
      const r = restore(file, pw);
      expect(r.status, `${file}: ${r.stdout}`).toBe(1);
      expect(r.stderr).toContain(`(${code})`);
    }
    expect(() => statSync(target)).toThrow();
  });

  it('drives list shows removable drives from injected device data, with what stops a backup', () => {
    const usb = join(tmp.path, 'media', 'KEYS-A');
    mkdirSync(usb, { recursive: true });
    const devices = join(tmp.path, 'devices.json');
    const drive = { description: 'SanDisk Cruzer', size: 16e9, isReadOnly: false, isRemovable: true, isSystem: false, isVirtual: false, isUSB: true, isCard: false };
    writeFileSync(devices, JSON.stringify([
      { ...drive, device: '/dev/sdb1', mountpoints: [{ path: usb, label: 'KEYS-A' }] },
      { ...drive, device: '/dev/sdc', mountpoints: [] },
      { ...drive, device: '/dev/zram0', isVirtual: true, mountpoints: [] },
    ]));
    const r = cli(['drives', 'list', '--json'], { TRUST_VAULT_INJECT_DRIVES: devices });
    expect(r.status, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout) as { label: string; mountPoint: string | null; free: number | null; problem: { code: string } | null }[];
    expect(list.map((d) => [d.label, d.mountPoint, d.problem?.code ?? null])).toEqual([
      ['KEYS-A', usb, null],
      ['SanDisk Cruzer', null, 'NOT_MOUNTED'],
    ]);
    expect(list[0]!.free).toBeGreaterThan(0);
    const text = cli(['drives', 'list'], { TRUST_VAULT_INJECT_DRIVES: devices });
    expect(text.stdout).toMatch(/KEYS-A/);
  });
});
