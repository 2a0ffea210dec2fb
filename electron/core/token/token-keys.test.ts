import { describe, expect, it } from 'vitest';
import { generatePrivateKey } from '../keys/generate';
import type { RawTokenObject } from './token-client';
import { firstFreeCkaId, tokenKeysOf } from './token-keys';

const object = (over: Partial<RawTokenObject>): RawTokenObject => ({
  class: 'public-key',
  ckaId: '02',
  label: 'root',
  keyType: 'ec',
  ecCurveOid: '1.2.840.10045.3.1.7',
  ecPoint: null,
  certDer: null,
  extractable: null,
  ...over,
});

describe('tokenKeysOf', () => {
  it('gives each CKA_ID the canonical ID of its public key, with what the token says of it', () => {
    const key = generatePrivateKey('ecdsa');
    const point = key.publicBytes.subarray(key.publicBytes.length - 65);
    const keys = tokenKeysOf([
      object({ ecPoint: point }),
      object({ class: 'private-key', ecPoint: null, extractable: false }),
      object({ class: 'private-key', ckaId: '05', label: 'orphan' }),
      object({ ckaId: '09', keyType: 'rsa', ecCurveOid: null, label: 'rsa key' }),
    ]);
    expect(keys).toEqual([{ id: key.id, role: 'root', algorithm: 'ecdsa', ckaId: '02', label: 'root', hasCertificate: false, extractable: false }]);
    key.wipe();
  });

  it("takes notary's IDs in its order: 02, 01, 03, 00, then none", () => {
    expect(firstFreeCkaId([])).toBe('02');
    expect(firstFreeCkaId([object({ ckaId: '02' })])).toBe('01');
    expect(firstFreeCkaId(['02', '01', '03'].map((ckaId) => object({ ckaId })))).toBe('00');
    expect(firstFreeCkaId(['02', '01', '03', '00'].map((ckaId) => object({ ckaId })))).toBeNull();
  });
});
