import { VaultError } from '../../core/errors';
import { type ForgottenEntry, forgetRepository, listForgotten, pinnedRootKeyIds, restoreRepository } from '../../core/trust-reset';
import { allowOnly } from '../args';
import type { CliContext } from '../context';
import { UsageError } from '../usage-error';
import { checkGun } from '../validate';

const keysText = (keys: ForgottenEntry['pinnedRootKeys']) =>
  keys.length === 0 ? 'none readable' : keys.map((k) => `${k.canonicalId ?? '?'} (${k.type}, listed as ${k.id})`).join(', ');

/**
 * `trust forget --gun GUN --yes`, `trust forgotten`, `trust restore --id ID` (issue 3, point 5): the consumer
 * reset. Forget moves `<trust>/tuf/<gun>` into the data folder, restorable; it is never deleted.
 */
export function trustReset(ctx: CliContext): number {
  const sub = ctx.args.positionals[1];
  if (ctx.args.positionals.length > 2) throw new UsageError(`trust ${sub} takes no arguments (got ${ctx.args.positionals.slice(2).join(' ')})`);
  const out = (json: unknown, text: string) => ctx.stdout(ctx.json ? `${JSON.stringify(json)}\n` : text);
  const v = ctx.args.values;
  if (sub === 'forget') {
    allowOnly(ctx.args, 'trust forget', ['gun', 'yes']);
    if (v.gun === undefined) throw new UsageError('trust forget needs --gun GUN');
    const gun = checkGun(v.gun);
    if (!v.yes) {
      const pinned = pinnedRootKeyIds(ctx.trustDir, gun);
      throw new VaultError(
        'CONFIRMATION_REQUIRED',
        `This moves the cached trust data of ${gun}, pinned to root key ${keysText(pinned.keys)}, into ${ctx.dataDir}; the next pull or notary command trusts whatever root the server presents. Add --yes to forget it.`,
      );
    }
    const r = forgetRepository(ctx.trustDir, ctx.dataDir, gun);
    out(
      { id: r.entry.id, gun, path: r.path, method: r.method, forgottenAt: r.entry.forgottenAt, pinnedRootKeys: r.entry.pinnedRootKeys },
      `Forgot the trust data of ${gun} (root key ${keysText(r.entry.pinnedRootKeys)}).\nKept as ${r.entry.id} in ${r.path}; restore with: trust-vault trust restore --id ${r.entry.id}\n`,
    );
    return 0;
  }
  if (sub === 'forgotten') {
    allowOnly(ctx.args, 'trust forgotten', []);
    const list = listForgotten(ctx.dataDir).map(({ files: _files, ...e }) => e);
    out(list, list.length === 0 ? 'No forgotten repositories\n' : list.map((e) => `${e.id}  ${e.gun}  ${e.forgottenAt}  root ${keysText(e.pinnedRootKeys)}\n`).join(''));
    return 0;
  }
  if (sub === 'restore') {
    allowOnly(ctx.args, 'trust restore', ['id']);
    if (v.id?.length !== 1) throw new UsageError('trust restore needs one --id ID (see trust forgotten)');
    const r = restoreRepository(ctx.trustDir, ctx.dataDir, v.id[0]!);
    out({ id: r.entry.id, gun: r.entry.gun, path: r.path, method: r.method }, `Restored the trust data of ${r.entry.gun} to ${r.path}\n`);
    return 0;
  }
  throw new UsageError(`unknown command: trust ${sub ?? '(none)'}`);
}
