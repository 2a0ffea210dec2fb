import { describe, expect, it } from 'vitest';
import { handleRequest } from './dispatch';
import { addonMissingReason, operationsWithoutAddon } from './without-addon';

describe('the token process without pkcs11js', () => {
  it('answers every operation with what is missing and how to get it, and still shuts down', () => {
    const reason = addonMissingReason(new Error("Cannot find module 'pkcs11js'\nRequire stack: ..."));
    expect(reason).toContain('pkcs11js native addon');
    expect(reason).toContain("Cannot find module 'pkcs11js'");
    expect(reason).not.toContain('Require stack');
    const ops = operationsWithoutAddon(reason);
    expect(handleRequest(ops, { id: 1, op: 'probe', args: ['/usr/lib/softhsm/libsofthsm2.so'] })).toEqual({
      id: 1,
      ok: false,
      code: 'TOKEN_MODULE_INVALID',
      message: reason,
    });
    expect(handleRequest(ops, { id: 2, op: 'shutdown', args: [] })).toEqual({ id: 2, ok: true, value: null });
  });
});
