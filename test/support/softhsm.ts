import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** SoftHSM2 as a throwaway PKCS#11 token: its own config and token folder, so tests never touch the machine's. */

export const SOFTHSM2_MODULE = '/usr/lib/softhsm/libsofthsm2.so';

export interface SoftHsm {
  /** The private softhsm2.conf; the token process must see it as SOFTHSM2_CONF. */
  conf: string;
  tokendir: string;
  /** process.env plus SOFTHSM2_CONF, for child processes (softhsm2-util, pkcs11-tool). */
  env: NodeJS.ProcessEnv;
  initToken(token: { label: string; pin: string; soPin: string }): { serial: string; folder: string };
  /** Removes the token's folder, the way SoftHSM2 sees a token pulled out. */
  deleteToken(label: string): void;
  cleanup(): void;
}

/** `parent`: a folder to make it in (the e2e test's own); default a new temporary folder. */
export function makeSoftHsm(parent?: string): SoftHsm {
  const root = parent ?? mkdtempSync(join(tmpdir(), 'tv-softhsm-'));
  const tokendir = join(root, 'tokens');
  mkdirSync(tokendir);
  const conf = join(root, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${tokendir}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`);
  const env = { ...process.env, SOFTHSM2_CONF: conf };
  const folders = new Map<string, string>();
  const util = (...args: string[]): string => execFileSync('softhsm2-util', args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

  return {
    conf,
    tokendir,
    env,
    initToken({ label, pin, soPin }) {
      const before = new Set(readdirSync(tokendir));
      util('--init-token', '--free', '--label', label, '--pin', pin, '--so-pin', soPin);
      const folder = readdirSync(tokendir).find((name) => !before.has(name));
      if (!folder) throw new Error(`softhsm2-util made no token folder for ${label}`);
      folders.set(label, join(tokendir, folder));
      return { serial: serialOf(util('--show-slots'), label), folder: join(tokendir, folder) };
    },
    deleteToken(label) {
      const folder = folders.get(label);
      if (!folder) throw new Error(`no SoftHSM2 token labelled ${label} was made here`);
      rmSync(folder, { recursive: true, force: true });
      folders.delete(label);
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
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
