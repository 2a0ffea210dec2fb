import * as pkcs11js from 'pkcs11js';
import type { RawSlot, RawToken } from '../token-client';
import type { TokenFlags } from '../../../../shared/dto/tokens';
import { trimPadded, type LoadedModule } from './module';

/** CK_SLOT_INFO.flags bit; pkcs11js 2.x exports no name for it. */
const CKF_TOKEN_PRESENT = 0x1;

/** pkcs11js hands slot IDs over as CK_ULONG-sized buffers (little-endian here); the UI wants a number. */
export function slotNumber(handle: Buffer): number {
  if (handle.length >= 8) return Number(handle.readBigUInt64LE(0));
  return handle.readUInt32LE(0);
}

export function tokenFlags(flags: number): TokenFlags {
  const has = (bit: number): boolean => (flags & bit) !== 0;
  return {
    loginRequired: has(pkcs11js.CKF_LOGIN_REQUIRED),
    pinCountLow: has(pkcs11js.CKF_USER_PIN_COUNT_LOW),
    pinFinalTry: has(pkcs11js.CKF_USER_PIN_FINAL_TRY),
    pinLocked: has(pkcs11js.CKF_USER_PIN_LOCKED),
    pinToBeChanged: has(pkcs11js.CKF_USER_PIN_TO_BE_CHANGED),
    initialized: has(pkcs11js.CKF_TOKEN_INITIALIZED),
    protectedAuthPath: has(pkcs11js.CKF_PROTECTED_AUTHENTICATION_PATH),
  };
}

/** "major.minor", or null for 0.0: most tokens (SoftHSM2 included) leave versions they do not track at zero. */
export function versionOrNull(v: pkcs11js.Version): string | null {
  return v.major === 0 && v.minor === 0 ? null : `${v.major}.${v.minor}`;
}

export function rawToken(info: pkcs11js.TokenInfo): RawToken {
  return {
    label: trimPadded(info.label),
    manufacturer: trimPadded(info.manufacturerID),
    model: trimPadded(info.model),
    serial: trimPadded(info.serialNumber),
    firmware: versionOrNull(info.firmwareVersion),
    hardware: versionOrNull(info.hardwareVersion),
    flags: tokenFlags(info.flags),
  };
}

/** Every slot (C_GetSlotList(false): empty readers too), with its token when one is present. */
export function listSlots(mod: LoadedModule): RawSlot[] {
  return mod.lib.C_GetSlotList(false).map((handle) => {
    const info = mod.lib.C_GetSlotInfo(handle);
    const token = (info.flags & CKF_TOKEN_PRESENT) !== 0 ? readTokenQuietly(mod, handle) : null;
    return { slot: slotNumber(handle), description: trimPadded(info.slotDescription), tokenPresent: token !== null, token };
  });
}

/**
 * A token whose info cannot be read counts as absent: SoftHSM2 keeps saying "present" for a token whose folder was
 * deleted and answers C_GetTokenInfo with CKR_GENERAL_ERROR; real readers do the same for a card being pulled out.
 */
function readTokenQuietly(mod: LoadedModule, handle: Buffer): RawToken | null {
  try {
    return rawToken(mod.lib.C_GetTokenInfo(handle));
  } catch {
    return null;
  }
}

/** The slot holding the token with this serial right now, or null (unplugged, or never there). */
export function findTokenSlot(mod: LoadedModule, serial: string): { handle: Buffer; token: RawToken } | null {
  for (const handle of mod.lib.C_GetSlotList(true)) {
    const token = readTokenQuietly(mod, handle);
    if (serial !== '' && token?.serial === serial) return { handle, token };
  }
  return null;
}
