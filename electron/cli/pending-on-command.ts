import { listPending } from '../core/pending/pending-store';
import type { CliContext } from './context';
import { serverAuthOf } from './server-auth';

/** Commands that settle pending changes first: the ones about keys and repositories. */
const SETTLING = new Set(['keys list', 'repo', 'recover', 'status']);

export const settlesPending = (group: string | undefined, name: string | undefined): boolean =>
  group !== undefined && (SETTLING.has(group) || SETTLING.has(`${group} ${name ?? ''}`));

/**
 * Before a command about keys or repositories: every change of this trust dir whose outcome was not known when
 * its process ended (issue 13, point 1) is settled by asking its server, and what was done is said on stderr (the
 * JSON on stdout stays the command's own). Credentials given to the command are used for its own server only.
 * Nothing here fails the command: a server that cannot be asked leaves the change pending, and says so.
 */
export async function settlePendingChanges(ctx: CliContext): Promise<void> {
  if (listPending(ctx.dataDir, ctx.trustDir).length === 0) return;
  const { reconcilePending } = await import('../core/pending/reconcile');
  const sameServer = (s: string) => ctx.args.values.server !== undefined && s.replace(/\/+$/, '') === ctx.args.values.server.replace(/\/+$/, '');
  let auth: ReturnType<typeof serverAuthOf>['auth'];
  try {
    auth = serverAuthOf(ctx).auth;
  } catch {
    auth = undefined;
  }
  for (const server of new Set(listPending(ctx.dataDir, ctx.trustDir).map((p) => p.server))) {
    const s = await reconcilePending(ctx.dataDir, ctx.trustDir, { server, auth: sameServer(server) ? auth : undefined }).catch((e: unknown) => [
      { message: `a pending change on ${server} could not be settled: ${e instanceof Error ? e.message : String(e)}` },
    ]);
    for (const r of s) ctx.stderr(`trust-vault: ${r.message}\n`);
  }
}
