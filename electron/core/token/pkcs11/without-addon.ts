import { VaultError } from '../../errors';
import { OPS, type Op } from './protocol';

/**
 * The token process when the pkcs11js native addon is missing (an `npm install` on a machine without a compiler
 * could not build it): every operation answers with the same plain reason instead of the process crashing, so the
 * Tokens screen and its diagnostics say what is missing and the rest of the app works.
 */
export function addonMissingReason(error: unknown): string {
  const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return (
    `Hardware tokens need the pkcs11js native addon, which is not installed or could not load (${detail}). ` +
    'Install a C++ compiler and Python, then run npm rebuild pkcs11js; everything else in the app works without it.'
  );
}

export function operationsWithoutAddon(reason: string): Record<Op, (args: unknown[]) => unknown> {
  const fail = (): never => {
    throw new VaultError('TOKEN_MODULE_INVALID', reason);
  };
  const shutdown = (): unknown => null;
  return Object.fromEntries(OPS.map((op) => [op, op === 'shutdown' ? shutdown : fail])) as unknown as Record<Op, (args: unknown[]) => unknown>;
}
