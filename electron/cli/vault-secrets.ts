import { setOfflineKeyLookup } from '../core/keys/offline-key-source';
import { setSavedPassphraseLookup } from '../core/keys/saved-passphrases';
import { systemClock } from '../core/ports';
import { VaultSession } from '../core/vault/vault-session';
import { secretFromEnv } from './args';
import { unlockForCommand } from './unlock';
import type { CliContext } from './context';
import { cliTrustDirs } from './trust-dirs';

/**
 * `--vault-passphrase-env VAR` on a command that signs or exports: the vault is unlocked for this one command, the
 * key passphrases it holds fill in those not given, and keys it holds offline sign from its copy (their files do
 * not come back to the trust dir). It is locked again, and every secret wiped, before the command ends. Without
 * the option, the command runs as it always did.
 */
export async function withVaultSecrets<T>(ctx: CliContext, run: () => Promise<T>): Promise<T> {
  const variable = ctx.args.values['vault-passphrase-env'];
  if (variable === undefined) return run();
  const passphrase = secretFromEnv(ctx.env, 'vault-passphrase-env', variable)!;
  const session = new VaultSession({ dataDir: ctx.dataDir, clock: systemClock, trustDirs: () => cliTrustDirs(ctx) });
  const unbind: (() => void)[] = [];
  try {
    await unlockForCommand(ctx, session, passphrase);
    unbind.push(setSavedPassphraseLookup((id) => session.savedPassphrase(id)));
    unbind.push(setOfflineKeyLookup((id) => (session.isUnlocked() ? session.offlineKeyBytes(id) : undefined)));
    return await run();
  } finally {
    for (const u of unbind) u();
    session.lock('manual');
    session.dispose();
  }
}
