import type { StatusProblem } from '../../../../shared/dto/status';
import { VaultError } from '../../errors';

/** Problems that mean the server could not be asked (or would not answer), not that its data is wrong. */
const UNREACHABLE = new Set(['SERVER_OFFLINE', 'SERVER_TIMEOUT', 'TLS_UNTRUSTED', 'TLS_HOSTNAME', 'TLS_EXPIRED', 'UNAUTHORIZED']);

/** The problem that made the server unreachable, or null. A 5xx answer counts; "no trust data" (404) does not. */
export function unreachableProblem(problems: StatusProblem[], missing: boolean): StatusProblem | null {
  return problems.find((p) => UNREACHABLE.has(p.code) || (p.code === 'SERVER_ERROR' && !missing)) ?? null;
}

/** The same, as the error a look-up throws (nothing was learnt, nothing written). */
export function unreachableError(p: StatusProblem, server: string): VaultError {
  const code = p.code === 'SERVER_OFFLINE' ? 'SERVER_OFFLINE' : p.code === 'SERVER_TIMEOUT' ? 'SERVER_TIMEOUT' : p.code.startsWith('TLS_') ? 'TLS_FAILED' : p.code === 'UNAUTHORIZED' ? 'UNAUTHORIZED' : 'SERVER_ERROR';
  return new VaultError(code, `${server}: ${p.message}`);
}
