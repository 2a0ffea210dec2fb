import { describe, expect, it } from 'vitest';
import type { TokenFlags, TokenInfo, TokenModuleInfo } from '../../../../shared/dto/tokens';
import { moduleState, needsPin, offerDefaultPin, tokenBadges, tokenChanges, tokenKeysSignature, tokenWarnings } from './token-text';

const flags = (over: Partial<TokenFlags> = {}): TokenFlags => ({
  loginRequired: true,
  pinCountLow: false,
  pinFinalTry: false,
  pinLocked: false,
  pinToBeChanged: false,
  initialized: true,
  protectedAuthPath: false,
  ...over,
});

const token = (over: Partial<TokenInfo> = {}): TokenInfo => ({
  id: 't1',
  modulePath: '/m.so',
  slot: 0,
  label: 'YubiKey',
  manufacturer: 'Yubico',
  model: 'YubiKey 5',
  serial: '123',
  firmware: '5.7.1',
  flags: flags(),
  loggedIn: false,
  defaultPinInUse: false,
  advisories: [],
  keys: [],
  ...over,
});

describe('token flags', () => {
  it('a fresh token needs its PIN; an unlocked one does not', () => {
    expect(needsPin(token())).toBe(true);
    expect(tokenBadges(token()).map((b) => b.text)).toEqual(['login required']);
    expect(needsPin(token({ loggedIn: true }))).toBe(false);
    expect(tokenBadges(token({ loggedIn: true })).map((b) => b.text)).toEqual(['unlocked']);
    expect(tokenWarnings(token())).toEqual([]);
  });

  it('warns about remaining tries, worst first, and stops offering the default PIN on the final try', () => {
    expect(tokenWarnings(token({ flags: flags({ pinCountLow: true }) })).map((w) => w.id)).toEqual(['pin-count-low']);
    expect(tokenBadges(token({ flags: flags({ pinCountLow: true }) })).map((b) => b.text)).toEqual(['login required', 'PIN count low']);
    const final = token({ flags: flags({ pinCountLow: true, pinFinalTry: true }) });
    expect(tokenWarnings(final).map((w) => [w.id, w.tone])).toEqual([['final-try', 'error']]);
    expect(tokenBadges(final).map((b) => b.text)).toEqual(['login required', 'final try']);
    expect(offerDefaultPin(final)).toBe(false);
    expect(offerDefaultPin(token())).toBe(true);
  });

  it('a locked token asks for no PIN and says how to unlock it', () => {
    const locked = token({ flags: flags({ pinLocked: true, pinFinalTry: true }) });
    expect(needsPin(locked)).toBe(false);
    expect(tokenBadges(locked).map((b) => b.text)).toEqual(['locked']);
    expect(tokenWarnings(locked)[0]).toMatchObject({ id: 'locked', tone: 'error' });
    expect(tokenWarnings(locked)[0]!.text).toContain('unblock-pin');
  });

  it('a default PIN in use is a warning', () => {
    const t = token({ loggedIn: true, defaultPinInUse: true });
    expect(tokenBadges(t).map((b) => b.text)).toEqual(['unlocked', 'default PIN']);
    expect(tokenWarnings(t).map((w) => w.id)).toEqual(['default-pin']);
    expect(tokenWarnings(t)[0]!.text).toContain('123456');
  });
});

describe('modules and changes', () => {
  const mod = (over: Partial<TokenModuleInfo>): TokenModuleInfo => ({
    path: '/m.so',
    kind: 'custom',
    found: true,
    loaded: true,
    library: null,
    error: null,
    ...over,
  });

  it('names the state of a module', () => {
    expect(moduleState(mod({}))).toBe('loaded');
    expect(moduleState(mod({ found: false, loaded: null }))).toBe('not-found');
    expect(moduleState(mod({ loaded: false }))).toBe('failed');
    expect(moduleState(mod({ loaded: null }))).toBe('not-tried');
  });

  it('finds tokens that came and went, and when the keys on them changed', () => {
    const a = token({ id: 'a' });
    const b = token({ id: 'b' });
    expect(tokenChanges([a], [b])).toEqual({ added: [b], removed: [a] });
    expect(tokenChanges([a, b], [b, a])).toEqual({ added: [], removed: [] });
    const key = { id: 'k', role: 'root', algorithm: 'ecdsa' as const, ckaId: '02', label: 'root', hasCertificate: true, extractable: true };
    expect(tokenKeysSignature([a, b])).toBe(tokenKeysSignature([{ ...b, loggedIn: true }, a]));
    expect(tokenKeysSignature([a])).not.toBe(tokenKeysSignature([{ ...a, keys: [key] }]));
  });
});
