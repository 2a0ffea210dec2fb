import * as pkcs11js from 'pkcs11js';
import { VaultError } from '../../errors';
import type { RawToken, TokenRef } from '../token-client';
import { isCkr, toVaultError } from './errors';
import { loadModule, unloadModule, type LoadedModule } from './module';
import { findTokenSlot } from './slots';

/** An open R/W session on one token. PKCS#11 login state belongs to the application and lasts while any of its
 *  sessions on that token is open, so keeping this one session open is what keeps the user logged in. */
export interface OpenToken {
  lib: pkcs11js.PKCS11;
  session: Buffer;
  token: RawToken;
  what: string;
}

interface SessionEntry {
  slot: Buffer;
  session: Buffer;
}

const CKS_RO_USER_FUNCTIONS = 1;
const CKS_RW_USER_FUNCTIONS = 3;

/** What the token process holds: loaded modules by path, one session per token. */
export class TokenSessions {
  private readonly modules = new Map<string, LoadedModule>();
  private readonly sessions = new Map<string, SessionEntry>();

  module(path: string): LoadedModule {
    let mod = this.modules.get(path);
    if (!mod) {
      mod = loadModule(path);
      this.modules.set(path, mod);
    }
    return mod;
  }

  /**
   * The module, loaded afresh when nobody is logged in to any of its tokens: SoftHSM2 (and some other modules) read
   * their tokens only at C_Initialize, so a token connected since would otherwise never show. While a token is
   * logged in, the module stays as it is: reloading it would log the user out.
   */
  fresh(path: string): LoadedModule {
    const mod = this.modules.get(path);
    if (!mod) return this.module(path);
    const keys = [...this.sessions.keys()].filter((k) => k.startsWith(`${path}\0`));
    const loggedIn = keys.some((k) => {
      try {
        const state = mod.lib.C_GetSessionInfo(this.sessions.get(k)!.session).state;
        return state === CKS_RO_USER_FUNCTIONS || state === CKS_RW_USER_FUNCTIONS;
      } catch {
        return false;
      }
    });
    if (loggedIn) return mod;
    for (const k of keys) this.drop(k, mod);
    unloadModule(mod);
    this.modules.delete(path);
    return this.module(path);
  }

  /**
   * The token's session, opened if needed. A token that is not in any slot is TOKEN_REMOVED when we had a session on
   * it (the user pulled it out) and TOKEN_NOT_PRESENT otherwise; a session the module no longer knows means the token
   * went away and maybe came back, which also logged it out: TOKEN_REMOVED too.
   */
  open(ref: TokenRef): OpenToken {
    const mod = this.module(ref.modulePath);
    const key = `${ref.modulePath}\0${ref.serial}`;
    const known = this.sessions.get(key);
    const found = findTokenSlot(mod, ref.serial);
    if (!found) {
      this.drop(key, mod);
      if (known) throw new VaultError('TOKEN_REMOVED', `the token with serial ${ref.serial} was removed (module ${ref.modulePath})`);
      throw new VaultError('TOKEN_NOT_PRESENT', `no token with serial ${ref.serial} in any slot of ${ref.modulePath}`);
    }
    const what = `token '${found.token.label}' (serial ${ref.serial})`;
    if (known && known.slot.equals(found.handle)) {
      try {
        mod.lib.C_GetSessionInfo(known.session);
        return { lib: mod.lib, session: known.session, token: found.token, what };
      } catch (e) {
        this.drop(key, mod);
        const err = toVaultError(e, what, true);
        throw err.code === 'TOKEN_ERROR' ? new VaultError('TOKEN_REMOVED', `${what} was removed (${err.message})`) : err;
      }
    }
    if (known) {
      this.drop(key, mod);
      throw new VaultError('TOKEN_REMOVED', `${what} was removed and put back; log in again`);
    }
    const session = openSession(mod.lib, found.handle);
    this.sessions.set(key, { slot: found.handle, session });
    return { lib: mod.lib, session, token: found.token, what };
  }

  /** Runs `work` on the token's session; a failure that means removal also forgets the session. */
  with<T>(ref: TokenRef, action: string, work: (t: OpenToken) => T): T {
    const t = this.open(ref);
    try {
      return work(t);
    } catch (e) {
      if (e instanceof VaultError) throw e;
      const gone = findTokenSlotQuietly(this.modules.get(ref.modulePath), ref.serial) === null;
      const err = toVaultError(e, `${action} on ${t.what}`, gone);
      if (err.code === 'TOKEN_REMOVED' || gone) {
        this.drop(`${ref.modulePath}\0${ref.serial}`, this.modules.get(ref.modulePath));
        if (err.code !== 'TOKEN_REMOVED') throw new VaultError('TOKEN_REMOVED', `${t.what} was removed (${err.message})`);
      }
      throw err;
    }
  }

  static isLoggedIn(t: OpenToken): boolean {
    const state = t.lib.C_GetSessionInfo(t.session).state;
    return state === CKS_RO_USER_FUNCTIONS || state === CKS_RW_USER_FUNCTIONS;
  }

  /** Key work on a token that needs a login: say so plainly instead of "no such key" or a bare CKR. */
  static requireLogin(t: OpenToken): void {
    if (t.token.flags.loginRequired && !TokenSessions.isLoggedIn(t)) {
      throw new VaultError('TOKEN_PIN_REQUIRED', `log in to ${t.what} first`);
    }
  }

  login(ref: TokenRef, pin: string): void {
    this.with(ref, 'login', (t) => {
      try {
        t.lib.C_Login(t.session, pkcs11js.CKU_USER, pin);
      } catch (e) {
        if (!isCkr(e, 'CKR_USER_ALREADY_LOGGED_IN')) throw e;
      }
    });
  }

  logout(ref: TokenRef): void {
    this.with(ref, 'logout', (t) => {
      try {
        t.lib.C_Logout(t.session);
      } catch (e) {
        if (!isCkr(e, 'CKR_USER_NOT_LOGGED_IN')) throw e;
      }
    });
  }

  /** Logs every token out, closes every session and unloads every module (the process is about to end). */
  shutdown(): void {
    for (const [key] of this.sessions) {
      const mod = this.modules.get(key.split('\0')[0] ?? '');
      this.drop(key, mod, true);
    }
    for (const mod of this.modules.values()) unloadModule(mod);
    this.modules.clear();
  }

  private drop(key: string, mod: LoadedModule | undefined, logout = false): void {
    const entry = this.sessions.get(key);
    if (!entry) return;
    this.sessions.delete(key);
    if (!mod) return;
    try {
      if (logout) mod.lib.C_Logout(entry.session);
    } catch {
      // Not logged in, or the token is gone: either way there is nothing to log out of.
    }
    try {
      mod.lib.C_CloseSession(entry.session);
    } catch {
      // The module already forgot the session (token removed).
    }
  }
}

/** R/W for key work; a write-protected token still gets a read-only session, so it can be listed and sign. */
function openSession(lib: pkcs11js.PKCS11, slot: Buffer): Buffer {
  try {
    return lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
  } catch (e) {
    if (!isCkr(e, 'CKR_TOKEN_WRITE_PROTECTED')) throw e;
    return lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
  }
}

function findTokenSlotQuietly(mod: LoadedModule | undefined, serial: string): ReturnType<typeof findTokenSlot> | null {
  if (!mod) return null;
  try {
    return findTokenSlot(mod, serial);
  } catch {
    return null;
  }
}
