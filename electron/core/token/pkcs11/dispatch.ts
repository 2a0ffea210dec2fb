import { isVaultError } from '../../errors';
import { toVaultError } from './errors';
import { fromWire, isOp, toWire, type Op, type WorkerResponse } from './protocol';

/** One request in, one response out; never throws, so a bad request cannot take the token process down. */
export function handleRequest(ops: Record<Op, (args: unknown[]) => unknown>, message: unknown): WorkerResponse | null {
  const m = message as { id?: unknown; op?: unknown; args?: unknown } | null;
  if (typeof m !== 'object' || m === null || typeof m.id !== 'number') return null;
  const id = m.id;
  if (!isOp(m.op)) return { id, ok: false, code: 'UNKNOWN_OPERATION', message: `the token process has no operation '${String(m.op)}'` };
  try {
    const args = Array.isArray(m.args) ? (fromWire(m.args) as unknown[]) : [];
    const value = ops[m.op](args);
    return { id, ok: true, value: toWire(value ?? null) };
  } catch (e) {
    const err = isVaultError(e) ? e : toVaultError(e, `token operation ${m.op}`);
    return { id, ok: false, code: err.code, message: err.message };
  }
}
