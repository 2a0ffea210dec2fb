import type { TokenInfo, TokenModuleInfo } from '../../../../shared/dto/tokens';

/** Pure wording and state helpers of the Tokens screen: flags to badges and warnings, module states, changes. */

export const DEFAULT_PIN_TEXT =
  'Tries the factory default PIN 123456 first, as notary does. If it is not this token’s PIN, the failed try costs one of the token’s PIN tries.';

export interface TokenBadge {
  id: 'logged-in' | 'login-required' | 'pin-count-low' | 'final-try' | 'locked' | 'default-pin' | 'pin-to-change';
  tone: 'ok' | 'neutral' | 'warn' | 'danger';
  text: string;
}

/** The flags of a token at a glance, worst last so the eye ends on it. */
export function tokenBadges(t: TokenInfo): TokenBadge[] {
  const out: TokenBadge[] = [];
  if (t.loggedIn) out.push({ id: 'logged-in', tone: 'ok', text: 'unlocked' });
  else if (t.flags.loginRequired && !t.flags.pinLocked) out.push({ id: 'login-required', tone: 'neutral', text: 'login required' });
  if (t.defaultPinInUse) out.push({ id: 'default-pin', tone: 'warn', text: 'default PIN' });
  if (t.flags.pinToBeChanged) out.push({ id: 'pin-to-change', tone: 'warn', text: 'PIN to be changed' });
  if (t.flags.pinLocked) out.push({ id: 'locked', tone: 'danger', text: 'locked' });
  else if (t.flags.pinFinalTry) out.push({ id: 'final-try', tone: 'danger', text: 'final try' });
  else if (t.flags.pinCountLow) out.push({ id: 'pin-count-low', tone: 'warn', text: 'PIN count low' });
  return out;
}

export interface TokenWarning {
  id: 'locked' | 'final-try' | 'pin-count-low' | 'default-pin' | 'pin-to-change' | 'not-initialized';
  tone: 'warn' | 'error';
  title: string;
  text: string;
}

/** What the flags mean for the person holding the token, most urgent first. */
export function tokenWarnings(t: TokenInfo): TokenWarning[] {
  const out: TokenWarning[] = [];
  if (t.flags.pinLocked) {
    out.push({
      id: 'locked',
      tone: 'error',
      title: 'This token is locked',
      text: 'Too many wrong PINs were entered. Unlock it with its PUK or security-officer PIN using the vendor’s tool (for a YubiKey: ykman piv access unblock-pin); the app cannot.',
    });
  } else if (t.flags.pinFinalTry) {
    out.push({
      id: 'final-try',
      tone: 'error',
      title: 'One more wrong PIN locks this token',
      text: 'Only one try is left. Enter the PIN only if you are sure of it; do not try the default PIN.',
    });
  } else if (t.flags.pinCountLow) {
    out.push({
      id: 'pin-count-low',
      tone: 'warn',
      title: 'A wrong PIN was entered',
      text: 'The token counts wrong PINs since the last good one and has few tries left before it locks. Check the PIN before you type it.',
    });
  }
  if (t.defaultPinInUse) {
    out.push({
      id: 'default-pin',
      tone: 'warn',
      title: 'This token still has its factory default PIN',
      text: 'It was unlocked with 123456: anyone who holds the token can use its keys. Set a PIN of your own with the vendor’s tool (for a YubiKey: ykman piv access change-pin).',
    });
  }
  if (t.flags.pinToBeChanged) {
    out.push({
      id: 'pin-to-change',
      tone: 'warn',
      title: 'The token asks for a new PIN',
      text: 'Its PIN has to be changed before use. Change it with the vendor’s tool.',
    });
  }
  if (!t.flags.initialized) {
    out.push({ id: 'not-initialized', tone: 'warn', title: 'This token is not initialized', text: 'Initialize it with the vendor’s tool first.' });
  }
  return out;
}

/** The PIN is asked when the token is first used after it is connected: logged out, a PIN needed, and not locked. */
export const needsPin = (t: TokenInfo): boolean => !t.loggedIn && t.flags.loginRequired && !t.flags.pinLocked;

/** Whether the token can be unlocked with a typed PIN at all. */
export const canLogIn = (t: TokenInfo): boolean => !t.loggedIn && !t.flags.pinLocked;

/** Whether offering the default PIN is wise: not when one try is all that is left. */
export const offerDefaultPin = (t: TokenInfo): boolean => !t.flags.pinFinalTry && !t.flags.pinLocked;

export const tokenName = (t: Pick<TokenInfo, 'label' | 'serial'>): string => `${t.label} (serial ${t.serial})`;

export type ModuleState = 'loaded' | 'not-found' | 'failed' | 'not-tried';

export function moduleState(m: TokenModuleInfo): ModuleState {
  if (!m.found) return 'not-found';
  if (m.loaded === true) return 'loaded';
  if (m.loaded === false) return 'failed';
  return 'not-tried';
}

export const MODULE_STATE_TEXT: Record<ModuleState, string> = {
  loaded: 'found and loaded',
  'not-found': 'not found',
  failed: 'found, could not be loaded',
  'not-tried': 'found, not tried',
};

export const MODULE_KIND_TEXT: Record<TokenModuleInfo['kind'], string> = {
  ykcs11: 'YubiKey (ykcs11)',
  opensc: 'Smart cards (OpenSC)',
  softhsm2: 'SoftHSM2 (software token)',
  custom: 'Added or configured module',
};

export interface TokenChanges {
  added: TokenInfo[];
  removed: TokenInfo[];
}

/** Tokens that came and went between two listings, by ID. */
export function tokenChanges(before: readonly TokenInfo[], after: readonly TokenInfo[]): TokenChanges {
  const was = new Set(before.map((t) => t.id));
  const is = new Set(after.map((t) => t.id));
  return { added: after.filter((t) => !was.has(t.id)), removed: before.filter((t) => !is.has(t.id)) };
}

/** A signature of the keys on tokens, to know when the key list must be read again. */
export const tokenKeysSignature = (tokens: readonly TokenInfo[]): string =>
  tokens
    .flatMap((t) => t.keys.map((k) => `${t.id}:${k.id}`))
    .sort()
    .join(',');
