import type { KeyInfo } from '../../../shared/dto/keys';
import type { RecoveryPlan } from '../../../shared/dto/recovery';
import type { RepoStatus } from '../../../shared/dto/status';
import type { TokenInfo } from '../../../shared/dto/tokens';
import type { ErrorCode } from '../../../shared/error-codes';
import { readLedger } from '../backup/ledger';
import { VaultError } from '../errors';
import { listKeys, type ScanOptions } from '../keys/store/scan';
import { offlineKeysOf } from '../lock/vault-key-listing';
import { NotaryHttpClient, type ServerOptions } from '../notary/http-client';
import { parseServerKey } from '../notary/server-key';
import { statusOfCache } from '../tuf/cache-status';
import type { CommandOptions } from './commands';
import { KeyCopies, isHeld } from './key-copies';
import { planRecovery } from './plan-recovery';
import { listPending } from '../pending/pending-store';
import { repoKeysOf } from './repo-keys';
import type { ServerKeys } from './role-status';

export interface RecoveryPlanOptions {
  now: Date;
  /** The app's data folder: the backup ledger is read from it. */
  dataDir: string;
  /** Tokens known now, with their keys (TokenService.known(), or a fresh listing in the CLI). */
  tokens: TokenInfo[];
  scan?: ScanOptions;
  /** Plan from what this server serves (checked against the pinned root) instead of the cache. */
  server?: ServerOptions;
  /** How the plan's commands name the trust dir (when not the default). */
  commands?: Omit<CommandOptions, 'server' | 'ca'>;
  /** Called with the verified status the plan is made from (`from`: `cache` or the server), e.g. to keep its tags. */
  onVerifiedStatus?: (status: RepoStatus, from: string) => void;
}

/**
 * Gathers what the planner needs and plans: the repository's roles and keys from the cache
 * (`<trust>/tuf/<gun>/metadata`) or from the server, the trust dir's key files, the tokens, the backup ledger.
 * Never writes the trust dir or the cache (a caller's `onVerifiedStatus` may write elsewhere).
 */
export async function recoveryPlanFor(trustDir: string, gun: string, options: RecoveryPlanOptions): Promise<RecoveryPlan> {
  const plan = await planFor(trustDir, gun, options);
  // Keys made for a change whose outcome is not known yet are in private/ (so counted above); the plan says so.
  const pending = listPending(options.dataDir, trustDir).filter((p) => p.gun === gun);
  for (const p of pending) {
    plan.notes.push(`The ${p.action} started ${p.startedAt} is pending: the server has not been seen to take it, so its new keys (${p.newKeys.map((k) => `${k.role} ${k.id}`).join(', ') || 'none'}) are kept in the trust folder until the next command asks the server`);
  }
  return plan;
}

async function planFor(trustDir: string, gun: string, options: RecoveryPlanOptions): Promise<RecoveryPlan> {
  // Keys taken offline into the vault are the user's too: its index is readable without unlocking it.
  const keys = [...listKeys(trustDir, options.scan), ...offlineKeysOf(options.dataDir, trustDir)];
  const ledger = readLedger(options.dataDir);
  const common = { keys, tokens: options.tokens, ledger, now: options.now };
  if (!options.server) {
    const status = statusOfCache(trustDir, gun, { now: options.now });
    if (status.verdict !== 'broken') options.onVerifiedStatus?.(status, 'cache');
    return planRecovery({ ...common, repo: status, source: { kind: 'cache', trustDir }, commands: { ...options.commands } });
  }
  const { statusOfServer } = await import('../tuf/remote-status');
  const status = await statusOfServer(trustDir, gun, { ...options.server, now: options.now });
  refuseWithoutRoot(status);
  if (status.verdict !== 'broken') options.onVerifiedStatus?.(status, options.server.server);
  const client = new NotaryHttpClient(options.server);
  const serverKeys = await askServerKeys(client, gun, status, keys, options.tokens);
  const commands: CommandOptions = { ...options.commands, server: client.server, ...(options.server.caFile !== undefined ? { ca: options.server.caFile } : {}) };
  return planRecovery({ ...common, repo: status, source: { kind: 'server', server: client.server }, serverKeys, commands });
}

const PROBLEM_ERRORS: Record<string, ErrorCode> = {
  SERVER_OFFLINE: 'SERVER_OFFLINE',
  SERVER_TIMEOUT: 'SERVER_TIMEOUT',
  TLS_UNTRUSTED: 'TLS_FAILED',
  TLS_HOSTNAME: 'TLS_FAILED',
  TLS_EXPIRED: 'TLS_FAILED',
  TLS_NOT_SPOKEN: 'TLS_FAILED',
  UNAUTHORIZED: 'UNAUTHORIZED',
  SERVER_ERROR: 'SERVER_ERROR',
  MALFORMED: 'SERVER_MALFORMED',
};

/** A status that found no root (server down, no such repository, a root the pinned one does not vouch for) plans nothing. */
function refuseWithoutRoot(status: RepoStatus): void {
  if (status.roles.some((r) => r.role === 'root' && r.keys.length > 0)) return;
  const first = status.problems.find((p) => p.code in PROBLEM_ERRORS) ?? status.problems[0];
  const code = first ? (PROBLEM_ERRORS[first.code] ?? 'NOT_FOUND') : 'NOT_FOUND';
  throw new VaultError(code, `no recovery plan for ${status.gun}: ${status.problems.map((p) => p.message).join('; ') || 'the server has no root for it'}`);
}

/**
 * Asks the server which snapshot and timestamp keys it holds, but only for a role no local key covers: notary-server
 * 0.7 answers `GET <role>.key` for an existing repository by making a spare key when it holds none (seen on the
 * real server; the repository's metadata does not change), so the question is not asked needlessly. A failed
 * question leaves the answer unknown.
 */
async function askServerKeys(client: NotaryHttpClient, gun: string, status: RepoStatus, keys: KeyInfo[], tokens: TokenInfo[]): Promise<ServerKeys> {
  const copies = new KeyCopies(keys, tokens, { version: 1, backups: [] });
  const out: ServerKeys = {};
  for (const entry of repoKeysOf(status).roles) {
    if (entry.role !== 'snapshot' && entry.role !== 'timestamp') continue;
    if (entry.keys.some((k) => isHeld(copies.of(k)))) continue;
    const r = await client.getTuf(gun, `${entry.role}.key`);
    if (r.ok) {
      const parsed = parseServerKey(r.bytes);
      if (parsed.ok) out[entry.role] = parsed.key.id;
    } else if (r.notFound) out[entry.role] = null;
  }
  return out;
}
