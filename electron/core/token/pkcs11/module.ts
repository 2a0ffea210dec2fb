import { existsSync, statSync } from 'node:fs';
import * as pkcs11js from 'pkcs11js';
import { VaultError } from '../../errors';
import { isCkr, toVaultError } from './errors';

/** A loaded and initialized PKCS#11 module. One per path for the life of the token process. */
export interface LoadedModule {
  path: string;
  lib: pkcs11js.PKCS11;
}

/** CK_INFO / CK_TOKEN_INFO strings are fixed-size and blank-padded (some modules pad with NULs). */
export const trimPadded = (s: string): string => s.replace(/[\s\0]+$/, '');
const version = (v: pkcs11js.Version): string => `${v.major}.${v.minor}`;

/**
 * dlopen + C_GetFunctionList + C_Initialize. CKF_OS_LOCKING_OK lets the module use its own locks, which pkcs11js
 * needs for its async calls; CKR_CRYPTOKI_ALREADY_INITIALIZED is fine (another library in this process did it).
 */
export function loadModule(path: string): LoadedModule {
  if (!existsSync(path)) throw new VaultError('TOKEN_MODULE_NOT_FOUND', `the PKCS#11 module ${path} does not exist`);
  if (!statSync(path).isFile()) throw new VaultError('TOKEN_MODULE_INVALID', `${path} is not a file, so not a PKCS#11 module`);
  const lib = new pkcs11js.PKCS11();
  try {
    lib.load(path);
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new VaultError('TOKEN_MODULE_INVALID', `${path} is not a PKCS#11 module (${why})`);
  }
  try {
    lib.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
  } catch (e) {
    if (!isCkr(e, 'CKR_CRYPTOKI_ALREADY_INITIALIZED')) {
      closeQuietly(lib);
      const err = toVaultError(e, `the PKCS#11 module ${path} failed to initialize`);
      throw new VaultError('TOKEN_MODULE_INVALID', err.message);
    }
  }
  return { path, lib };
}

export function libraryInfo(mod: LoadedModule): { description: string; manufacturer: string; version: string } {
  const info = mod.lib.C_GetInfo();
  return { description: trimPadded(info.libraryDescription), manufacturer: trimPadded(info.manufacturerID), version: version(info.libraryVersion) };
}

/** C_Finalize and dlclose; errors do not matter any more at this point. */
export function unloadModule(mod: LoadedModule): void {
  try {
    mod.lib.C_Finalize();
  } catch {
    // The module may already be unusable (token gone); we are only tidying up.
  }
  closeQuietly(mod.lib);
}

function closeQuietly(lib: pkcs11js.PKCS11): void {
  try {
    lib.close();
  } catch {
    // Nothing else to do: the process is leaving or the module never loaded properly.
  }
}
