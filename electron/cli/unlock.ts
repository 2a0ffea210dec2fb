import { recordQuietly } from '../core/audit/audited';
import { auditFor } from '../core/audit/for-cli';
import { isVaultError } from '../core/errors';
import type { VaultSession } from '../core/vault/vault-session';
import type { CliContext } from './context';

/**
 * Unlocks the vault for one CLI command. A failed unlock (wrong passphrase, damaged file) is an audit entry, as it
 * is from the app (issue 12, point 3): someone trying passphrases leaves a trace. A successful one is not: the
 * command's own entry says what was done.
 */
export async function unlockForCommand(ctx: CliContext, session: VaultSession, passphrase: string): Promise<void> {
  try {
    await session.unlock(passphrase);
  } catch (e) {
    recordQuietly(auditFor(ctx), { action: 'vault.unlocked', result: 'failed', error: isVaultError(e) ? e.code : 'INTERNAL', detail: `for trust-vault ${ctx.args.positionals.slice(0, 2).join(' ')}` });
    throw e;
  }
}
