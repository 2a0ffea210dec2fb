import { describe, expect, it } from 'vitest';
import { VaultError } from '../../errors';
import { handleRequest } from './dispatch';
import type { Op } from './protocol';

const ops = {
  probe: (args: unknown[]) => ({ path: args[0], bytes: Buffer.from('hi') }),
  login: () => {
    throw new VaultError('TOKEN_PIN_INCORRECT', 'wrong');
  },
  logout: () => {
    throw Object.assign(new Error('CKR_DEVICE_REMOVED'), { name: 'Pkcs11Error' });
  },
  isLoggedIn: (args: unknown[]) => Buffer.isBuffer(args[0]),
} as unknown as Record<Op, (args: unknown[]) => unknown>;

describe('handleRequest', () => {
  it('runs the operation and sends Buffers as Uint8Array', () => {
    const response = handleRequest(ops, { id: 3, op: 'probe', args: ['/m.so'] });
    expect(response).toMatchObject({ id: 3, ok: true, value: { path: '/m.so' } });
    const bytes = (response as { value: { bytes: unknown } }).value.bytes;
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(bytes)).toBe(false);
  });

  it('rewraps incoming Uint8Arrays as Buffers', () => {
    expect(handleRequest(ops, { id: 1, op: 'isLoggedIn', args: [new Uint8Array([1])] })).toEqual({ id: 1, ok: true, value: true });
  });

  it('answers failures with a code and never throws', () => {
    expect(handleRequest(ops, { id: 4, op: 'login', args: [] })).toEqual({ id: 4, ok: false, code: 'TOKEN_PIN_INCORRECT', message: 'wrong' });
    expect(handleRequest(ops, { id: 5, op: 'logout', args: [] })).toMatchObject({ id: 5, ok: false, code: 'TOKEN_REMOVED' });
    expect(handleRequest(ops, { id: 6, op: 'rm -rf', args: [] })).toMatchObject({ id: 6, ok: false, code: 'UNKNOWN_OPERATION' });
  });

  it('ignores messages without an id: there is nobody to answer', () => {
    expect(handleRequest(ops, 'hello')).toBeNull();
    expect(handleRequest(ops, { op: 'probe' })).toBeNull();
  });
});
