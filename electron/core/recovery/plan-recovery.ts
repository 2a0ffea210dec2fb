import type { KeyInfo } from '../../../shared/dto/keys';
import type { RecoveryPlan, RecoveryRole, RecoverySource } from '../../../shared/dto/recovery';
import type { RepoStatus } from '../../../shared/dto/status';
import type { TokenInfo } from '../../../shared/dto/tokens';
import { DRILL_AFTER_DAYS } from '../backup/coverage';
import type { Ledger } from '../backup/ledger';
import { VaultError } from '../errors';
import { type CommandOptions, RecoveryCommands } from './commands';
import { isHeld, KeyCopies } from './key-copies';
import { type RepoKeys, repoKeysOf } from './repo-keys';
import { rootLossOf } from './root-loss';
import { recoveryRole, type ServerKeys } from './role-status';
import { stepsWithRoot } from './steps-with-root';

export interface RecoveryInput {
  /** The repository: a verified status (from the cache or a server), or just its roles and their keys. */
  repo: RepoStatus | RepoKeys;
  /** The trust dir's key listing (listKeys): key files; token rows are taken from `tokens`. */
  keys: KeyInfo[];
  /** Tokens known now (TokenService.known()), with the keys on them. */
  tokens: TokenInfo[];
  ledger: Ledger;
  now: Date;
  source: RecoverySource;
  /** What the server said it holds; leave out for a plan from the cache alone. */
  serverKeys?: ServerKeys;
  /** How the plan's commands name the server, its CA and the trust dir. */
  commands?: CommandOptions;
}

const DAY_MS = 86_400_000;

const isStatus = (r: RepoStatus | RepoKeys): r is RepoStatus => 'verdict' in r;

/**
 * The recovery plan of one repository (issue 6, point 3). Pure: reads nothing, changes nothing. Throws only when
 * the repository lists no root keys, since then there is nothing to plan from.
 */
export function planRecovery(input: RecoveryInput): RecoveryPlan {
  const repo = isStatus(input.repo) ? repoKeysOf(input.repo) : input.repo;
  const rootEntry = repo.roles.find((r) => r.role === 'root');
  if (!rootEntry || rootEntry.keys.length === 0) throw new VaultError('NOT_FOUND', `the trust data of ${repo.gun} names no root keys: there is nothing to plan a recovery from`);

  const copies = new KeyCopies(input.keys, input.tokens, input.ledger);
  const roles = repo.roles.map((r) => recoveryRole(r.role, r.threshold, r.keys, copies, input.serverKeys ?? {}));
  const root = roles.find((r) => r.role === 'root')!;
  const server = input.commands?.server ?? (input.source.kind === 'server' ? input.source.server : undefined);
  const cmd = new RecoveryCommands(repo.gun, { ...input.commands, ...(server !== undefined ? { server } : {}) });

  const base = { gun: repo.gun, source: input.source, generatedAt: input.now.toISOString(), roles, lost: roles.filter((r) => r.status === 'lost').map((r) => r.role) };
  const notes = notesOf(roles, input);
  if (root.status === 'lost') {
    const { rootLoss, steps } = rootLossOf({ gun: repo.gun, server, roles, tags: repo.tags, copies, tokenLabels: input.tokens.map((t) => t.label), cmd });
    return { ...base, steps, rootLoss, notes };
  }
  return { ...base, steps: stepsWithRoot(roles, cmd), rootLoss: null, notes };
}

function notesOf(roles: RecoveryRole[], input: RecoveryInput): string[] {
  const notes: string[] = [];
  for (const r of roles) {
    // A role that still reaches its threshold keeps working; the lost key is only worth removing some day.
    if (r.status !== 'have') continue;
    const gone = r.keys.filter((k) => !isHeld(k) && k.backups.length === 0);
    if (gone.length > 0 && r.kind !== 'timestamp') notes.push(`${r.role} still works, but key ${gone.map((k) => k.canonicalId).join(', ')} of it is lost`);
  }
  for (const r of roles) {
    if (r.status !== 'backup-only') continue;
    // The same horizon as the backup screen's restore drill: an old verification says little about the drive today.
    const last = r.keys.flatMap((k) => k.backups.map((c) => c.lastVerifiedAt ?? '')).sort().at(-1) ?? '';
    const days = Math.floor((input.now.getTime() - Date.parse(last)) / DAY_MS);
    if (days > DRILL_AFTER_DAYS) notes.push(`The backup that holds the ${r.role} key was last verified ${days} days ago: verify it before you rely on it`);
  }
  const snapshot = roles.find((r) => r.role === 'snapshot');
  if (snapshot?.status === 'lost' && input.serverKeys?.snapshot === undefined) {
    notes.push('This plan was made from the cache: if the notary server holds the snapshot key (notary-signer makes ECDSA keys), nothing is lost there. Plan with --server to ask it.');
  }
  if (input.tokens.length === 0) notes.push('No token was searched: plug in any token that may hold a key of this repository and plan again.');
  return notes;
}
