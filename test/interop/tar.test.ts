/**
 * Our tar.gz against real GNU tar: what we write, GNU tar lists and extracts exactly; what GNU tar writes (its
 * default gnu format with ././@LongLink names, pax, ustar), we read back exactly, including Docker's recommended
 * `umask 077; tar -zcvf private_keys_backup.tar.gz ~/.docker/trust/private`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, createReadStream, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipDeterministic, packTar, readTarGz, type TarEntry, type TarInput } from '../../electron/core/backup/tar';
import { makeTempDir } from '../support/temp-dir';

const TAR = '/usr/bin/tar';
const tar = (args: string[], cwd?: string): string => execFileSync(TAR, args, { cwd, env: { ...process.env, TZ: 'UTC', LC_ALL: 'C.UTF-8' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** GNU tar on one of our archives: it must succeed without a single warning. */
function tarQuietly(args: string[], cwd?: string): string {
  const run = spawnSync(TAR, args, { cwd, env: { ...process.env, TZ: 'UTC', LC_ALL: 'C.UTF-8' }, encoding: 'utf8' });
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  return run.stdout;
}

async function readFile(path: string): Promise<TarEntry[]> {
  const out: TarEntry[] = [];
  for await (const e of readTarGz(createReadStream(path))) out.push(e);
  return out;
}

const summary = (entries: TarEntry[]) => entries.map((e) => ({ path: e.path, type: e.type, mode: e.mode.toString(8), data: e.data?.toString() ?? null }));
const keyId = (c: string) => c.repeat(64);

describe('GNU tar reads what we write', () => {
  const tmp = makeTempDir('tv-tar-out-');
  afterAll(() => tmp.cleanup());

  const longDir = `private/tuf_keys/${'registry.example.com/'.repeat(4)}team/app`;
  const entries: TarInput[] = [
    { path: 'private', type: 'dir', mode: 0o700 },
    { path: `private/${keyId('a')}.key`, type: 'file', mode: 0o600, data: Buffer.from('key a\n') },
    { path: 'private/tuf_keys', type: 'dir', mode: 0o700 },
    // Over 100 bytes: ustar prefix + name.
    { path: longDir, type: 'dir', mode: 0o700 },
    { path: `${longDir}/${keyId('b')}_targets.key`, type: 'file', mode: 0o600, data: Buffer.from('key b\n') },
    // Over 255 bytes, and not ASCII: only a pax path can hold these.
    { path: `private/${'x'.repeat(200)}/${keyId('c')}.key`, type: 'file', mode: 0o600, data: Buffer.from('key c\n') },
    { path: 'private/ключ.key', type: 'file', mode: 0o600, data: Buffer.from('') },
  ];
  const mtime = new Date('2024-01-02T03:04:05Z');
  let archive = '';

  beforeAll(() => {
    archive = join(tmp.path, 'backup.tar.gz');
    writeFileSync(archive, gzipDeterministic(packTar(entries, { mtime })));
  });

  it('lists every entry with its exact name, mode, numeric owner 0/0 and mtime', () => {
    const lines = tarQuietly(['-tzvf', archive]).trimEnd().split('\n');
    const parsed = lines.map((line) => /^(\S+) (\S+) +(\d+) (\S+ \S+) (.*)$/.exec(line)?.slice(1));
    expect(parsed).toEqual(
      entries.map((e) => [
        e.type === 'dir' ? 'drwx------' : '-rw-------',
        '0/0',
        String(e.data?.length ?? 0),
        '2024-01-02 03:04',
        e.type === 'dir' ? `${e.path}/` : e.path,
      ]),
    );
  });

  it('extracts exactly those files and folders, with their modes and bytes', () => {
    const into = join(tmp.path, 'extracted');
    mkdirSync(into);
    tarQuietly(['-xzpf', archive], into);
    const found: string[] = [];
    const walk = (rel: string) => {
      for (const name of readdirSync(join(into, rel))) {
        const path = rel ? `${rel}/${name}` : name;
        const st = statSync(join(into, path));
        found.push(`${path} ${(st.mode & 0o7777).toString(8)}`);
        if (st.isDirectory()) walk(path);
      }
    };
    walk('');
    // Folders the archive implies but does not list (the long one's parents) come from tar, with tar's mode.
    const listed = new Set(entries.map((e) => e.path));
    expect(found.filter((f) => listed.has(f.split(' ')[0]!)).sort()).toEqual(entries.map((e) => `${e.path} ${e.mode.toString(8)}`).sort());
    expect(found.some((f) => f.includes('PaxHeaders'))).toBe(false);
    for (const e of entries) if (e.type === 'file') expect(readFileSync(join(into, e.path)).equals(e.data!)).toBe(true);
  });

  it('is the same archive when written twice', () => {
    expect(gzipDeterministic(packTar(entries, { mtime })).equals(readFileSync(archive))).toBe(true);
  });
});

describe('we read what GNU tar writes', () => {
  const tmp = makeTempDir('tv-tar-in-');
  // A home deep enough that home/<user>/.docker/trust/private/<id>.key is well over 100 bytes, as real ones are.
  const home = join(tmp.path, 'home', 'a-user-with-a-rather-long-name');
  const trust = join(home, '.docker', 'trust');
  const stored = trust.replace(/^\//, '');
  const keyA = `private/${keyId('a')}.key`;
  const keyB = `private/tuf_keys/docker.io/library/app/${keyId('b')}_targets.key`;

  beforeAll(() => {
    mkdirSync(join(trust, 'private/tuf_keys/docker.io/library/app'), { recursive: true });
    writeFileSync(join(trust, keyA), '-----BEGIN ENCRYPTED PRIVATE KEY-----\nA\n');
    writeFileSync(join(trust, keyB), '-----BEGIN ENCRYPTED PRIVATE KEY-----\nB\n');
    // notary's modes; `umask 077` in Docker's recipe only protects the archive file itself.
    for (const dir of ['private', 'private/tuf_keys', 'private/tuf_keys/docker.io', 'private/tuf_keys/docker.io/library', 'private/tuf_keys/docker.io/library/app']) chmodSync(join(trust, dir), 0o700);
    chmodSync(join(trust, keyA), 0o600);
    chmodSync(join(trust, keyB), 0o600);
  });
  afterAll(() => tmp.cleanup());

  const expected = (prefix: string) =>
    [
      { path: `${prefix}private`, type: 'dir', mode: '700', data: null },
      { path: `${prefix}${keyA}`, type: 'file', mode: '600', data: '-----BEGIN ENCRYPTED PRIVATE KEY-----\nA\n' },
      { path: `${prefix}private/tuf_keys`, type: 'dir', mode: '700', data: null },
      { path: `${prefix}private/tuf_keys/docker.io`, type: 'dir', mode: '700', data: null },
      { path: `${prefix}private/tuf_keys/docker.io/library`, type: 'dir', mode: '700', data: null },
      { path: `${prefix}private/tuf_keys/docker.io/library/app`, type: 'dir', mode: '700', data: null },
      { path: `${prefix}${keyB}`, type: 'file', mode: '600', data: '-----BEGIN ENCRYPTED PRIVATE KEY-----\nB\n' },
    ].sort((a, b) => a.path.localeCompare(b.path));

  const sorted = (entries: TarEntry[]) => summary(entries).sort((a, b) => a.path.localeCompare(b.path));

  it("reads Docker's recipe: umask 077; tar -zcvf (gnu format, leading / stripped, ././@LongLink names)", async () => {
    const out = join(tmp.path, 'private_keys_backup.tar.gz');
    execFileSync('sh', ['-c', 'umask 077; tar -zcvf "$0" "$1"', out, join(trust, 'private')], { stdio: 'ignore' });
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const raw = gunzipSync(readFileSync(out));
    // The point of this case: paths over 100 bytes really went through GNU long-name records.
    expect(raw.includes('././@LongLink')).toBe(true);
    expect(`${stored}/${keyB}`.length).toBeGreaterThan(100);
    expect(sorted(await readFile(out))).toEqual(expected(`${stored}/`));
  });

  it.each([
    ['posix', 'PaxHeaders'],
    ['ustar', 'ustar\u000000'],
    ['gnu', 'ustar  \u0000'],
    ['oldgnu', 'ustar  \u0000'],
  ])('reads --format=%s', async (format, marker) => {
    const out = join(tmp.path, `${format}.tar.gz`);
    tar([`--format=${format}`, '-zcf', out, join(trust, 'private')]);
    expect(gunzipSync(readFileSync(out)).includes(marker)).toBe(true);
    expect(sorted(await readFile(out))).toEqual(expected(`${stored}/`));
  });

  it('reads an archive of the trust dir made with -C, skipping its "./" root', async () => {
    const out = join(tmp.path, 'relative.tar.gz');
    tar(['-C', trust, '-zcf', out, '.']);
    expect(tar(['-tzf', out]).split('\n')[0]).toBe('./');
    expect(sorted(await readFile(out))).toEqual(expected(''));
  });

  it('refuses a GNU tar archive with a symlink in it', async () => {
    const evil = join(tmp.path, 'evil');
    mkdirSync(join(evil, 'private'), { recursive: true });
    symlinkSync('/etc/passwd', join(evil, 'private', `${keyId('e')}.key`));
    const out = join(tmp.path, 'evil.tar.gz');
    tar(['-C', evil, '-zcf', out, 'private']);
    await expect(readFile(out)).rejects.toMatchObject({ code: 'ARCHIVE_REFUSED', message: expect.stringContaining('is a symbolic link') });
  });
});
