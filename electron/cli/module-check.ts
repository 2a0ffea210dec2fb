import type { ErrorCode } from '../../shared/error-codes';
import type { TokenDiagnostics } from '../../shared/dto/tokens';
import { VaultError } from '../core/errors';
import type { CliContext } from './context';

/**
 * A module named with `--module` that cannot be used (missing, not a PKCS#11 module, failing to initialise) is the
 * command's error, in every command that takes it (issue 13, point 5): never an empty token list, a token "not
 * found" in it, or a plan that silently left it out.
 */
export function requireUsableModule(ctx: CliContext, diagnostics: Pick<TokenDiagnostics, 'modules'>): void {
  if (ctx.args.values.module === undefined) return;
  const failed = diagnostics.modules.find((m) => m.error);
  if (failed?.error) throw new VaultError(failed.error.code as ErrorCode, failed.error.message);
}
