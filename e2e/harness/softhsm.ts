import { execFile } from 'node:child_process';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Vault } from './fixtures';

const run = promisify(execFile);

/** Debian's SoftHSM2 module: a real PKCS#11 token for the tests. */
export const SOFTHSM2_MODULE = '/usr/lib/softhsm/libsofthsm2.so';

export interface SoftHsmToken {
  label: string;
  pin: string;
  soPin: string;
  serial: string;
}

export interface PrivateSoftHsm {
  /** This test's softhsm2.conf (in the test's temporary folder, removed with it). */
  conf: string;
  tokendir: string;
  env: Record<string, string>;
  initToken(token: { label: string; pin: string; soPin: string }): Promise<SoftHsmToken>;
  /** Removes the token's folder: SoftHSM2 then sees the token pulled out. */
  removeToken(label: string): Promise<void>;
}

/**
 * A private SoftHSM2 inside the test's temporary folder: its own softhsm2.conf and token folder, so the machine's own
 * tokens are never seen. Call before the first token call (i.e. before `vault.open()`): it gives core `modules`
 * (default: SoftHSM2 only) and the token process SOFTHSM2_CONF.
 */
export async function privateSoftHsm(vault: Vault, modules: string[] = [SOFTHSM2_MODULE]): Promise<PrivateSoftHsm> {
  const root = await vault.dir('softhsm');
  const tokendir = join(root, 'tokens');
  await mkdir(tokendir, { recursive: true, mode: 0o700 });
  const conf = join(root, 'softhsm2.conf');
  await writeFile(conf, `directories.tokendir = ${tokendir}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`, { mode: 0o600 });
  const env = { SOFTHSM2_CONF: conf };
  vault.useTokenModules(modules, env);
  const folders = new Map<string, string>();
  const util = async (...args: string[]) =>
    (await run('softhsm2-util', args, { env: { ...process.env, ...env }, encoding: 'utf8' })).stdout;

  return {
    conf,
    tokendir,
    env,
    async initToken({ label, pin, soPin }) {
      const before = new Set(await readdir(tokendir));
      await util('--init-token', '--free', '--label', label, '--pin', pin, '--so-pin', soPin);
      const folder = (await readdir(tokendir)).find((name) => !before.has(name));
      if (!folder) throw new Error(`softhsm2-util made no token folder for ${label}`);
      folders.set(label, join(tokendir, folder));
      return { label, pin, soPin, serial: serialOf(await util('--show-slots'), label) };
    },
    async removeToken(label) {
      const folder = folders.get(label);
      if (!folder) throw new Error(`no SoftHSM2 token labelled ${label} was made here`);
      await rm(folder, { recursive: true, force: true });
      folders.delete(label);
    },
  };
}

/** The serial printed just before "Label: <label>" in `softhsm2-util --show-slots`. */
function serialOf(showSlots: string, label: string): string {
  let serial: string | null = null;
  for (const line of showSlots.split('\n')) {
    const s = /^\s*Serial number:\s*(\S*)/.exec(line);
    if (s) serial = s[1] ?? '';
    const l = /^\s*Label:\s*(.*?)\s*$/.exec(line);
    if (l && l[1] === label && serial) return serial;
  }
  throw new Error(`softhsm2-util does not list a token labelled ${label}`);
}
