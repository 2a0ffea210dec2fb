import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseNotaryKeyList } from '../../test/support/notary-cli';

/**
 * The real peers of the e2e specs: Debian's notary CLI and notary-server (NOTARY.md), openssl for foreign keys,
 * and a fast maker of very large trust dirs. Everything runs with HOME pointing at a temporary folder.
 */

const run = promisify(execFile);

export const NOTARY = process.env.TRUST_VAULT_NOTARY ?? '/usr/bin/notary';

export interface NotaryPassphrases {
  root?: string;
  targets?: string;
  snapshot?: string;
  delegation?: string;
}

export interface NotaryRow {
  role: string;
  gun: string | null;
  id: string;
  location: string;
}

export class NotaryCli {
  constructor(
    readonly trustDir: string,
    readonly home: string,
    readonly passphrases: NotaryPassphrases = {},
    readonly server?: string,
  ) {}

  async run(args: string[]): Promise<string> {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: this.home };
    const p = this.passphrases;
    if (p.root !== undefined) env.NOTARY_ROOT_PASSPHRASE = p.root;
    if (p.targets !== undefined) env.NOTARY_TARGETS_PASSPHRASE = p.targets;
    if (p.snapshot !== undefined) env.NOTARY_SNAPSHOT_PASSPHRASE = p.snapshot;
    if (p.delegation !== undefined) env.NOTARY_DELEGATION_PASSPHRASE = p.delegation;
    const global = ['-d', this.trustDir, ...(this.server ? ['-s', this.server] : [])];
    try {
      const { stdout, stderr } = await run(NOTARY, [...global, ...args], { env, timeout: 60_000, maxBuffer: 64 << 20 });
      return stdout + stderr;
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string; message: string };
      throw new Error(`notary ${args.join(' ')} failed: ${err.stderr || err.stdout || err.message}`);
    }
  }

  /** `notary key generate ecdsa --role ROLE`; returns the new key's ID. */
  async generate(role: string): Promise<string> {
    const out = await this.run(['key', 'generate', 'ecdsa', '--role', role]);
    const id = /keyID:\s*([0-9a-f]{64})/.exec(out)?.[1];
    if (!id) throw new Error(`notary key generate printed no key ID: ${out}`);
    return id;
  }

  async importKeys(files: string[], options: { role?: string; gun?: string } = {}): Promise<void> {
    const flags = [...(options.role ? ['--role', options.role] : []), ...(options.gun ? ['--gun', options.gun] : [])];
    await this.run(['key', 'import', ...files, ...flags]);
  }

  async init(gun: string): Promise<void> {
    await this.run(['init', gun]);
  }

  async publish(gun: string): Promise<void> {
    await this.run(['publish', gun]);
  }

  /** A repository as a publisher starts one: `notary init -p GUN` with one tag (a file written in `workDir`) published. */
  async initWithTag(gun: string, workDir: string, tag = 'v1.0', text = 'first release\n'): Promise<void> {
    await this.run(['init', '-p', gun]);
    const file = join(workDir, `${tag}.txt`);
    await writeFile(file, text);
    await this.run(['add', gun, tag, file]);
    await this.publish(gun);
  }

  /** `notary key list`, parsed: ROLE, GUN (may be empty), KEY ID, LOCATION. */
  async keyList(): Promise<NotaryRow[]> {
    return parseKeyList(await this.run(['key', 'list']));
  }
}

/** `notary key list`, with an empty GUN as null. */
export function parseKeyList(output: string): NotaryRow[] {
  return parseNotaryKeyList(output).map((row) => ({ ...row, gun: row.gun === '' ? null : row.gun }));
}

/** A private key made by openssl (not by notary): SEC1 EC P-256 or PKCS#1 RSA, unencrypted PEM. */
export async function opensslKey(path: string, kind: 'ec' | 'rsa2048'): Promise<string> {
  if (kind === 'ec') {
    await run('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', path]);
  } else {
    await run('openssl', ['genrsa', '-traditional', '-out', path, '2048']).catch(() =>
      run('openssl', ['genrsa', '-out', path, '2048']),
    );
  }
  await chmod(path, 0o600);
  return path;
}

/** notary-server on loopback, memory storage, stopped by PID: the same starter the interop tests use. */
export { startNotaryServer, type RunningNotaryServer as NotaryServer } from '../../test/support/notary-server';

const BASE_ROLES = ['targets', 'snapshot'] as const;

/**
 * A trust dir with `count` key files, fast: the body of one real encrypted key file (made by notary) reused under
 * `count` names with varied role and GUN headers. Listing never decrypts and `notary key list` never recomputes IDs,
 * so this is a faithful listing load. Returns the IDs written, in order.
 */
export async function writeManyKeys(trustDir: string, count: number, templateKeyFile: string): Promise<string[]> {
  const template = await readFile(templateKeyFile, 'utf8');
  const body = template.split('\n\n').slice(1).join('\n\n').replace(/^\n+/, '');
  const header = /^-----BEGIN ([A-Z ]+)-----$/m.exec(template)?.[1] ?? 'ENCRYPTED PRIVATE KEY';
  const privateDir = join(trustDir, 'private');
  await mkdir(privateDir, { recursive: true, mode: 0o700 });
  await chmod(trustDir, 0o700);
  await chmod(privateDir, 0o700);
  const ids: string[] = [];
  const pending: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const id = createHash('sha256').update(`trust-vault e2e key ${i}`).digest('hex');
    ids.push(id);
    let headers: string;
    const kind = i % 10;
    if (i === 0) headers = 'role: root\n';
    else if (kind < 6) headers = `gun: registry.example.com/team-${i % 500}/app\nrole: ${BASE_ROLES[i % 2]}\n`;
    else if (kind < 9) headers = `role: targets/signer-${i}\n`;
    else headers = `role: signer${i}\n`;
    const text = `-----BEGIN ${header}-----\n${headers}\n${body}`;
    pending.push(writeFile(join(privateDir, `${id}.key`), text, { mode: 0o600 }));
    if (pending.length >= 256) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  return ids;
}

/** The key files currently in <trustDir>/private (current layout only), by ID. */
export async function keyFileIds(trustDir: string): Promise<string[]> {
  const names = await readdir(join(trustDir, 'private')).catch(() => [] as string[]);
  return names.filter((n) => /^[0-9a-f]{64}\.key$/.test(n)).map((n) => n.slice(0, 64));
}
