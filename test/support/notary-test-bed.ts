import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { notaryOk } from './notary-cli';
import { type RunningNotaryServer, startNotaryServer } from './notary-server';
import { makeTempDir } from './temp-dir';

/** The passphrases the notary CLI reads from its environment, one per role, for interop tests. */
export const NOTARY_PASSPHRASE_ENV = {
  NOTARY_ROOT_PASSPHRASE: 'root pass 1',
  NOTARY_TARGETS_PASSPHRASE: 'targets pass 1',
  NOTARY_SNAPSHOT_PASSPHRASE: 'snapshot pass 1',
  NOTARY_DELEGATION_PASSPHRASE: 'delegation pass 1',
};

export interface NotaryTestBed {
  tmp: { path: string };
  env: typeof NOTARY_PASSPHRASE_ENV;
  /** The same passphrases as the vault's publisher operations take them. */
  passphrases: { root: string; targets: string; snapshot: string; delegation: string };
  /** The loopback notary-server (started in beforeAll). */
  readonly server: RunningNotaryServer;
  /** A path inside the test's temporary folder. */
  dir(name: string): string;
  /** The notary CLI on `trust` against the server; throws with its output when it fails. */
  notary(trust: string, args: string[]): string;
  /** A new consumer's trust dir: nothing cached yet. */
  fresh(): string;
  /** Writes a file in the temporary folder and returns its path. */
  file(name: string, text: string): string;
  /** notary add + publish from `trust`, then the tag as a fresh consumer lists it. */
  notaryPublishes(trust: string, gun: string, tag: string): void;
}

/**
 * What the publisher interop tests share: a temporary folder, a loopback notary-server started before the suite
 * and stopped after it, and the notary CLI pointed at it. Call it at the top of a describe block.
 */
export function notaryTestBed(prefix: string): NotaryTestBed {
  const tmp = makeTempDir(prefix);
  const env = NOTARY_PASSPHRASE_ENV;
  let server: RunningNotaryServer | undefined;
  let consumers = 0;
  const dir = (name: string) => join(tmp.path, name);
  const bed: NotaryTestBed = {
    tmp,
    env,
    passphrases: { root: env.NOTARY_ROOT_PASSPHRASE, targets: env.NOTARY_TARGETS_PASSPHRASE, snapshot: env.NOTARY_SNAPSHOT_PASSPHRASE, delegation: env.NOTARY_DELEGATION_PASSPHRASE },
    get server() {
      if (!server) throw new Error('the notary-server starts in beforeAll');
      return server;
    },
    dir,
    notary: (trust, args) => notaryOk(trust, tmp.path, ['-s', bed.server.url, ...args], env),
    fresh: () => dir(`consumer-${++consumers}`),
    file: (name, text) => {
      writeFileSync(dir(name), text);
      return dir(name);
    },
    notaryPublishes: (trust, gun, tag) => {
      bed.notary(trust, ['add', gun, tag, bed.file(`${tag}.txt`, `content of ${tag}\n`)]);
      bed.notary(trust, ['publish', gun]);
      expect(bed.notary(bed.fresh(), ['list', gun])).toMatch(new RegExp(`${tag}\\s+[0-9a-f]{64}\\s+\\d+\\s+targets`));
    },
  };
  beforeAll(async () => {
    server = await startNotaryServer(dir('server'));
  });
  afterAll(async () => {
    await server?.stop();
    tmp.cleanup();
  });
  return bed;
}
