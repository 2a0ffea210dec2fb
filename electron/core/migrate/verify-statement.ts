import { join } from 'node:path';
import { VaultError } from '../errors';
import { readRegularFile } from '../fs/read-regular-file';
import type { ServerOptions } from '../notary/http-client';
import { isSafeGun } from '../tuf/gun';
import { fetchServerRepo } from '../tuf/remote-status';
import { type Inventory, inventorySha256 } from './inventory';
import { type StatementCheck, verifyStatement } from './statement';

const MAX_FILE = 256 * 1024;

export interface StatementVerdict extends StatementCheck {
  /** Where the trusted root came from. */
  trustedBy: string;
  /** No root was pinned: the server's was trusted on first use, so the answer is only as good as that. */
  firstUse: boolean;
  /** When an inventory file was given: whether its hash is the one the statement names. */
  inventoryMatches: boolean | null;
}

/** Reads a small file a consumer names (statement, inventory), regular files only, with a cap. */
export function readSmallInput(path: string, what: string): Buffer {
  const r = readRegularFile(path, MAX_FILE);
  if (r.kind === 'ok') return r.bytes;
  const why = { missing: 'does not exist', symlink: 'is a symbolic link', 'not-a-file': 'is not a regular file', 'too-large': `is larger than ${MAX_FILE} bytes` }[r.kind];
  throw new VaultError(r.kind === 'missing' ? 'NOT_FOUND' : 'INVALID_ARGUMENT', `the ${what} ${path} ${why}`);
}

/**
 * `migrate verify-statement`: checks a transition statement against the consumer's pinned trust data. Without a
 * server, the root.json pinned in the trust dir; with one, the repository fetched now and verified against it
 * (which follows a root rotation the publisher made since). The repository named inside the statement only picks
 * which pinned root to use; the signature check then decides.
 */
export async function verifyStatementFor(
  trustDir: string,
  statement: Buffer,
  options: { server?: ServerOptions; now: Date; inventory?: Buffer },
): Promise<StatementVerdict> {
  let gun: unknown;
  try {
    gun = (JSON.parse(statement.toString('utf8')) as { signed?: { repository?: unknown } }).signed?.repository;
  } catch {
    throw new VaultError('INVALID_ARGUMENT', 'the statement is not JSON');
  }
  if (typeof gun !== 'string' || !isSafeGun(gun)) throw new VaultError('INVALID_ARGUMENT', 'the statement names no valid repository');
  const pinnedPath = join(trustDir, 'tuf', gun, 'metadata', 'root.json');
  let root: Buffer;
  let trustedBy: string;
  let firstUse = false;
  if (options.server) {
    const fetched = await fetchServerRepo(trustDir, gun, { ...options.server, now: options.now });
    const fatal = fetched.status.problems.filter((p) => p.code === 'ROOT_NOT_TRUSTED' || p.code.startsWith('SERVER') || p.code.startsWith('TLS') || p.code === 'UNAUTHORIZED');
    const served = fetched.files.get('root');
    if (fatal.length > 0 || !served) throw new VaultError('SERVER_MALFORMED', `the root of ${gun} on ${options.server.server} cannot be trusted: ${fatal.map((p) => p.message).join('; ') || 'no root.json'}`);
    firstUse = fetched.status.problems.some((p) => p.code === 'FIRST_USE');
    root = served;
    trustedBy = firstUse ? `${options.server.server} (trusted on first use: nothing was pinned)` : `${options.server.server}, verified against ${pinnedPath}`;
  } else {
    const r = readRegularFile(pinnedPath, 16 * 1024 * 1024);
    if (r.kind !== 'ok') throw new VaultError('NOT_FOUND', `no trust data for ${gun} is pinned in ${trustDir}: pull it once with content trust, or give --server`);
    root = r.bytes;
    trustedBy = pinnedPath;
  }
  const check = verifyStatement(statement, root, gun);
  let inventoryMatches: boolean | null = null;
  if (options.inventory) {
    try {
      inventoryMatches = inventorySha256(JSON.parse(options.inventory.toString('utf8')) as Inventory) === check.statement?.inventorySha256;
    } catch {
      inventoryMatches = false;
    }
    if (!inventoryMatches) check.problems.push('the inventory file does not have the hash the statement names');
  }
  const valid = check.problems.length === 0;
  return { ...check, valid, trustedBy, firstUse, inventoryMatches };
}
