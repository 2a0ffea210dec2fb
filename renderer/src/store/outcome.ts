import type { Result } from '../../../shared/result';
import type { Outcome } from './types';

/** main's answer as a store action returns it: the value, or the error the UI explains. */
export const outcome = <T>(r: Result<T>): Outcome<T> => (r.ok ? { ok: true, value: r.value } : { ok: false, error: { code: r.code, message: r.message } });
