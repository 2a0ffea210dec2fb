import { describe, expect, it } from 'vitest';
import type { TokenInfo } from '../../../shared/dto/tokens';
import { keyInfo } from '../../../test/support/key-info';
import { chooseRootKeyForNewRepository } from './root-key-choice';

const flags = { loginRequired: true, pinCountLow: false, pinFinalTry: false, pinLocked: false, pinToBeChanged: false, initialized: true, protectedAuthPath: false };
const token = (id: string, keyIds: string[] = [], over: Partial<TokenInfo> = {}): TokenInfo => ({
  id,
  modulePath: '/usr/lib/libykcs11.so',
  slot: 0,
  label: `YubiKey ${id}`,
  manufacturer: 'Yubico',
  model: 'YubiKey 5',
  serial: id,
  firmware: '5.7',
  flags,
  loggedIn: false,
  defaultPinInUse: false,
  advisories: [],
  keys: keyIds.map((k) => ({ id: k, role: 'root', algorithm: 'ecdsa', ckaId: '02', label: 'root', hasCertificate: true, extractable: false })),
  ...over,
});
const [a, b] = ['a'.repeat(64), 'b'.repeat(64)] as const;
const root = (id: string, over = {}) => keyInfo(id, { role: 'root', gun: null, kind: 'root', ...over });

describe('chooseRootKeyForNewRepository', () => {
  it('takes an existing root key first, on a token before a file', () => {
    expect(chooseRootKeyForNewRepository([root(a)], [token('t1')])).toEqual({ kind: 'existing', keyId: a, location: 'file', tokenId: null });
    expect(chooseRootKeyForNewRepository([root(a), root(b, { location: 'token', token: { id: 't1', label: 'Y', serial: '1' } })], [token('t1', [b])])).toEqual({
      kind: 'existing',
      keyId: b,
      location: 'token',
      tokenId: 't1',
    });
    // The same key on disk and on a token signs on the token (notary's priority).
    expect(chooseRootKeyForNewRepository([root(a)], [token('t1', [a])])).toMatchObject({ keyId: a, location: 'token', tokenId: 't1' });
  });

  it('else a new key on a present token, else a new file; a locked token is passed over', () => {
    expect(chooseRootKeyForNewRepository([keyInfo(a)], [token('t1')])).toEqual({ kind: 'new-on-token', tokenId: 't1' });
    expect(chooseRootKeyForNewRepository([], [token('t1', [], { flags: { ...flags, pinLocked: true } })])).toEqual({ kind: 'new-file' });
    expect(chooseRootKeyForNewRepository([], [])).toEqual({ kind: 'new-file' });
  });
});
