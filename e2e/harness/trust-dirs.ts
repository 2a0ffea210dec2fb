import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { NotaryRow } from './notary';
import { NotaryCli, opensslKey, startNotaryServer, writeManyKeys } from './notary';

/** Ready-made trust dirs for the specs and the bench, made by the real notary CLI (and notary-server). */

/** The passphrases the notary CLI uses for each role (NOTARY.md section 4), all 8+ characters. */
export const NOTARY_PASSPHRASES = {
  root: 'e2e root passphrase',
  targets: 'e2e targets passphrase',
  snapshot: 'e2e snapshot passphrase',
  delegation: 'e2e delegation passphrase',
};

/** Short enough that `notary key list` prints it whole (it left-truncates GUNs over 25 characters). */
export const E2E_GUN = 'example.com/acme/app';

export interface NotaryMadeTrustDir {
  notary: NotaryCli;
  /** What `notary key list` prints for the dir, parsed. */
  rows: NotaryRow[];
  /** Whether `notary init` + `publish` ran against a loopback notary-server (adds targets and snapshot keys). */
  published: boolean;
}

/**
 * A trust dir as a publisher's machine has it, made only by notary: a root key (`notary key generate`), a delegation
 * key and a docker-style signer key imported from openssl-made EC and RSA keys (`notary key import`), and, when
 * notary-server runs, `notary init` + `publish` of a repository (targets and snapshot keys with a GUN).
 */
export async function makeNotaryTrustDir(options: {
  trustDir: string;
  home: string;
  /** A scratch folder for the openssl keys and the server's config. */
  work: string;
  withServer?: boolean;
}): Promise<NotaryMadeTrustDir> {
  const { trustDir, home, work } = options;
  await mkdir(work, { recursive: true, mode: 0o700 });
  const local = new NotaryCli(trustDir, home, NOTARY_PASSPHRASES);
  await local.generate('root');
  await local.importKeys([await opensslKey(join(work, 'releases-ec.pem'), 'ec')], { role: 'targets/releases' });
  await local.importKeys([await opensslKey(join(work, 'alice-rsa.pem'), 'rsa2048')], { role: 'alice' });

  let published = false;
  if (options.withServer !== false) {
    const server = await startNotaryServer(join(work, 'server'));
    try {
      const online = new NotaryCli(trustDir, home, NOTARY_PASSPHRASES, server.url);
      await online.init(E2E_GUN);
      await online.publish(E2E_GUN);
      published = true;
    } finally {
      await server.stop();
    }
  }
  return { notary: local, rows: await local.keyList(), published };
}

/**
 * A trust dir with `count` keys for listing and scrolling (see writeManyKeys): one real notary-made key's body under
 * `count` names. Returns the IDs in the order written.
 */
export async function makeLargeTrustDir(options: { trustDir: string; home: string; work: string; count: number }): Promise<string[]> {
  const scratch = await mkdtemp(join(options.work, 'template-'));
  try {
    const template = new NotaryCli(join(scratch, 'trust'), options.home, NOTARY_PASSPHRASES);
    const id = await template.generate('root');
    const files = await readdir(join(scratch, 'trust', 'private'));
    if (!files.includes(`${id}.key`)) throw new Error(`notary wrote no ${id}.key`);
    return await writeManyKeys(options.trustDir, options.count, join(scratch, 'trust', 'private', `${id}.key`));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
