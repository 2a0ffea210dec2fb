import { sweepExpired } from '../core/vault/sweep';
import type { CliContext } from './context';
import { cliTrustDirs } from './trust-dirs';

/** Puts keys brought online for a while back offline once their time is over (run.ts calls it for keys and vault commands). */
export function sweepOnCommand(ctx: CliContext): void {
  sweepExpired(ctx.dataDir, new Date(), cliTrustDirs(ctx));
}
