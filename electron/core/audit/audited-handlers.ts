import { basename } from 'node:path';
import type { ArgsOut, GroupName, OpName, ResultOf } from '../../../shared/contract';
import type { AuditAction } from '../../../shared/dto/vault';
import type { PublishResult } from '../../../shared/dto/publish';
import type { Handlers } from '../api/dispatcher';
import type { AuditLog } from './audit-log';
import { type AuditFacts, type AuditOutcome, audited } from './audited';
import { MAX_DETAIL_CHARS } from './entry';

/** How one operation is recorded: its action, what its arguments say, and what its result adds. */
interface Describe<A, R> {
  action: AuditAction;
  /** From the arguments: recorded on failure too. Never a passphrase, PIN or token. */
  args?: (a: A) => AuditFacts;
  /** From the result: key IDs made or touched, a short note. */
  result?: (r: R, a: A) => AuditOutcome;
}

type Table = { [G in GroupName]?: { [O in OpName<G>]?: Describe<ArgsOut<G, O>, ResultOf<G, O>> } };

/** Details are short notes; a long list of drive labels or roles is cut rather than refused by the log. */
const note = (s: string): string => (s.length <= MAX_DETAIL_CHARS ? s : `${s.slice(0, MAX_DETAIL_CHARS - 1)}…`);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const KEY_ID_IN_PATH = /(?:^|\/)([0-9a-f]{64})(?:_[a-z]+)?\.key$/;

const published = (r: PublishResult): AuditOutcome => ({
  keyIds: r.keysWritten.map((k) => k.id),
  detail: note([r.action, r.keysRemoved.length > 0 ? `retired ${r.keysRemoved.join(', ')}` : '', r.cacheUpdated ? '' : 'cache not refreshed'].filter(Boolean).join('; ')),
});

/**
 * Issue 7, point 5: the operations that append one audit entry each, one line per operation. Everything else
 * (lists, previews, dialogs that only choose, status) is not recorded.
 */
const AUDITED: Table = {
  keys: {
    generate: {
      action: 'key.generated',
      args: (a) => ({ role: a.role, gun: a.gun ?? null, detail: a.algorithm + (a.rsaBits ? ` ${a.rsaBits}` : '') }),
      result: (r) => ({ keyIds: [r.key.id], role: r.key.role, gun: r.key.gun }),
    },
    import: {
      action: 'key.imported',
      args: (a) => ({ role: a.role ?? null, gun: a.gun ?? null }),
      result: (r) => ({ keyIds: r.imported.map((k) => k.id), detail: `${plural(r.imported.length, 'key')} imported, ${r.refused.length} refused` }),
    },
    export: {
      action: 'key.exported',
      args: (a) => ({ keyIds: a.ids, detail: a.kind === 'bundle' ? 'private keys (encrypted bundle)' : 'public keys' }),
      result: (r, a) => ({ detail: note(`${a.kind === 'bundle' ? 'private keys (encrypted bundle)' : 'public keys'} to ${r ? basename(r.path) : '?'}`) }),
    },
    changePassphrase: {
      action: 'key.passphrase-changed',
      args: (a) => ({ keyIds: [a.id] }),
      result: (r) => ({ role: r.role, gun: r.gun }),
    },
    remove: {
      action: 'key.removed',
      args: (a) => ({ keyIds: [a.id], detail: a.insist ? 'insisted past the only-copy warning' : null }),
    },
  },
  backups: {
    create: {
      action: 'backup.written',
      args: (a) => ({ keyIds: a.keyIds ?? [], detail: plural(a.destinations.length, 'destination') }),
      result: (r) => {
        // A copy counts once it was written and read back intact; one that does not check out is not a backup.
        const good = r.copies.filter((c) => c.error === null && c.verify?.ok === true);
        const copyNote = (c: (typeof r.copies)[number]) => `${c.destination} ${c.error ? `failed (${c.error.code})` : c.verify?.ok ? 'ok' : 'NOT verified'}`;
        return {
          keyIds: r.keyIds,
          detail: note(`${good.length} of ${plural(r.copies.length, 'copy', 'copies')} written and verified: ${r.copies.map(copyNote).join(', ')}`),
          ...(good.length === 0 ? { result: 'failed' as const, error: r.copies.find((c) => c.error)?.error?.code ?? 'BACKUP_DAMAGED' } : {}),
        };
      },
    },
    verify: {
      action: 'backup.verified',
      result: (r) => ({
        keyIds: r.keys.map((k) => k.id),
        detail: note(`${basename(r.file)}: ${r.ok ? 'checks out' : 'does NOT check out'}${r.differences.length > 0 ? `, ${plural(r.differences.length, 'difference')} from the trust dir` : ''}`),
        ...(r.ok ? {} : { result: 'failed' as const, error: 'BACKUP_DAMAGED' }),
      }),
    },
    restore: {
      action: 'backup.restored',
      args: (a) => ({ detail: `${plural(a.keyPaths.length, 'key')} and ${plural(a.rootGuns.length, 'pinned root')} chosen` }),
      result: (r) => ({
        keyIds: r.written.map((p) => KEY_ID_IN_PATH.exec(p)?.[1]).filter((id): id is string => id !== undefined),
        detail: `${r.written.length} written, ${r.skipped.length} skipped`,
      }),
    },
  },
  tokens: {
    login: {
      action: 'token.login',
      args: (a) => ({ detail: note(`token ${a.tokenId}${a.useDefaultPin ? ' with the default PIN' : ''}`) }),
      result: (r) => ({ detail: note(`${r.label} (serial ${r.serial})${r.defaultPinInUse ? ', default PIN in use' : ''}`) }),
    },
    logout: {
      action: 'token.logout',
      args: (a) => ({ detail: note(`token ${a.tokenId}`) }),
      result: (r) => ({ detail: note(`${r.label} (serial ${r.serial})`) }),
    },
    addModule: {
      action: 'token.module-added',
      result: (r) => ({ detail: note(r ? `${plural(r.modules.length, 'module')} known, ${plural(r.tokens.length, 'token')}` : '') }),
    },
    generateRoot: {
      action: 'token.root-generated',
      args: (a) => ({ role: 'root', detail: note(`${a.way} on token ${a.tokenId}`) }),
      result: (r) => ({ keyIds: [r.id], detail: note(`${r.way} on ${r.token.label} (serial ${r.token.serial})${r.backupFile ? `, backup ${r.backupFile}` : ', no backup possible'}`) }),
    },
  },
  publish: {
    init: { action: 'publish.init', args: (a) => ({ gun: a.gun, detail: `snapshot key ${a.snapshot === 'server' ? 'on the server' : 'local'}` }), result: published },
    rotate: { action: 'publish.rotate', args: (a) => ({ gun: a.gun, role: a.role }), result: published },
    resign: { action: 'publish.resign', args: (a) => ({ gun: a.gun, detail: a.roles ? note(`roles ${a.roles.join(', ')}`) : 'roles nearing expiry' }), result: published },
    addSigner: { action: 'publish.signer-added', args: (a) => ({ gun: a.gun, role: `targets/${a.name}`, detail: `signer ${a.name}` }), result: published },
    removeSigner: { action: 'publish.signer-removed', args: (a) => ({ gun: a.gun, role: `targets/${a.name}`, detail: `signer ${a.name}` }), result: published },
    deleteTrustData: { action: 'publish.trust-data-deleted', args: (a) => ({ gun: a.gun }), result: (r) => ({ detail: note(`on ${r.server}`) }) },
  },
  tags: {
    sign: { action: 'publish.tags-signed', result: (r) => ({ gun: r.gun, role: r.role, detail: note(r.signed.map((t) => `${t.tag} ${t.digest}`).join(', ')) }) },
    revoke: { action: 'publish.tags-revoked', args: (a) => ({ gun: a.gun, detail: note(`tags ${a.tags.join(', ')}`) }) },
    putBack: { action: 'publish.tags-signed', result: (r) => ({ gun: r.gun, role: r.role, detail: note(`put back after a recovery: ${r.signed.map((t) => `${t.tag} ${t.digest}`).join(', ') || 'none'}`) }) },
  },
  vault: {
    create: { action: 'vault.created', args: (a) => ({ detail: `unlock time ${a.unlockSeconds} s` }) },
    unlock: { action: 'vault.unlocked' },
    lock: { action: 'vault.locked', args: () => ({ detail: 'manual' }) },
    settings: { action: 'vault.settings-changed', args: (a) => ({ detail: `auto-lock after ${a.autoLockMinutes} min` }) },
    recalibrate: { action: 'vault.settings-changed', args: (a) => ({ detail: `recalibrated to ${a.unlockSeconds} s` }) },
    changePassphrase: { action: 'vault.master-passphrase-changed' },
    savePassphrase: { action: 'vault.passphrase-saved', args: (a) => ({ keyIds: [a.keyId] }) },
    forgetPassphrase: { action: 'vault.passphrase-forgotten', args: (a) => ({ keyIds: [a.keyId] }) },
    takeOffline: {
      action: 'key.offline',
      args: (a) => ({ keyIds: [a.keyId], detail: a.insist ? 'insisted past the only-copy warning' : null }),
      result: (r) => {
        const key = r.status.offlineKeys.find((k) => k.keyId === r.keyId);
        return {
          role: key?.role ?? null,
          gun: key?.gun ?? null,
          detail: note(r.insisted ? 'insisted: no other copy known' : `other copies: ${r.otherCopies.join(', ') || 'none'}`),
        };
      },
    },
    bringOnline: {
      action: 'key.online',
      args: (a) => ({ keyIds: [a.keyId], detail: `for ${a.forSeconds} s` }),
      result: (r) => ({ detail: `until ${r.until}` }),
    },
    restoreQuarantined: {
      action: 'key.quarantine-restored',
      args: (a) => ({ keyIds: [a.name.split('-')[1] ?? ''].filter((id) => /^[0-9a-f]{64}$/.test(id)), detail: note(`quarantine entry ${a.name}`) }),
    },
  },
  leftovers: {
    promote: {
      action: 'key.leftover-promoted',
      result: (r) => ({ keyIds: r.promoted, detail: note(`put in place as ${r.promoted.map((id) => `${id}.key`).join(', ')}`) }),
    },
    remove: {
      action: 'key.leftover-removed',
      args: (a) => ({ detail: `${plural(new Set(a.ids).size, 'leftover')}${a.insist ? ', insisted past the only-copy warning' : ''}` }),
      result: (r, a) => ({
        keyIds: r.removed.flatMap((t) => KEY_ID_IN_PATH.exec(t)?.[1] ?? []),
        detail: note(`${r.removed.join(', ')}${a.insist ? '; insisted past the only-copy warning' : ''}`),
      }),
    },
  },
  migrate: {
    kit: {
      action: 'key.exported',
      args: (a) => ({ gun: a.gun, keyIds: a.key.kind === 'existing' ? [a.key.id] : [], detail: `migration kit for ${a.to}` }),
      result: (r, a) => (r ? { keyIds: [r.keyId], detail: note(`migration kit for ${a.to}${r.newKey ? ' (a new key)' : ''} to ${basename(r.outDir)}`) } : { detail: 'cancelled' }),
    },
  },
};

/** The actions auditHandlers records, by operation (`group.name`): for tests and documentation. */
export const AUDITED_OPERATIONS: ReadonlyMap<string, AuditAction> = new Map(
  Object.entries(AUDITED).flatMap(([group, ops]) => Object.entries(ops as Record<string, Describe<unknown, unknown>>).map(([name, d]) => [`${group}.${name}`, d.action] as const)),
);

/**
 * A copy of `handlers` where every operation of issue 7 point 5 appends exactly one audit entry per call (audited.ts):
 * ok with the key IDs from its arguments and result, or failed with the error code, the error rethrown unchanged.
 * Every other operation is the same function as before. Arguments were already validated by the dispatcher.
 */
export function auditHandlers(handlers: Handlers, log: AuditLog): Handlers {
  const copy = Object.fromEntries(Object.entries(handlers).map(([g, ops]) => [g, { ...ops }])) as Record<string, Record<string, (a: unknown) => unknown>>;
  for (const [group, ops] of Object.entries(AUDITED)) {
    for (const [name, d] of Object.entries(ops as Record<string, Describe<unknown, unknown>>)) {
      const original = copy[group]?.[name];
      if (!original) continue;
      copy[group]![name] = (args: unknown) => {
        let facts: AuditFacts = {};
        try {
          facts = d.args?.(args) ?? {};
        } catch {
          // a describer that does not fit the arguments: record the action alone
        }
        return audited(log, { action: d.action, ...facts }, () => original(args), d.result ? (r) => d.result!(r, args) : undefined);
      };
    }
  }
  return copy as unknown as Handlers;
}
