/** What the renderer and the CLI see of PKCS#11 modules, tokens and the keys on them. Never a PIN, never key bytes. */

export interface TokenModuleInfo {
  path: string;
  /** ykcs11, opensc, softhsm2, or custom (a path the user added). */
  kind: 'ykcs11' | 'opensc' | 'softhsm2' | 'custom';
  /** The file exists. */
  found: boolean;
  /** It loaded as a PKCS#11 module (null when not tried: not found). */
  loaded: boolean | null;
  library: { description: string; manufacturer: string; version: string } | null;
  /** Why it could not be loaded or used. */
  error: { code: string; message: string } | null;
}

export interface TokenFlags {
  loginRequired: boolean;
  /** The token says a wrong user PIN was entered since the last good one. */
  pinCountLow: boolean;
  /** One more wrong PIN locks the token. */
  pinFinalTry: boolean;
  pinLocked: boolean;
  pinToBeChanged: boolean;
  initialized: boolean;
  /** The PIN is entered on the device itself (a PIN pad), not typed into the app. */
  protectedAuthPath: boolean;
}

export interface TokenAdvisory {
  id: string;
  title: string;
  url: string;
}

export interface TokenKeyInfo {
  /** Canonical key ID, computed from the public key on the token: equal to its disk backup's file name. */
  id: string;
  role: string | null;
  algorithm: 'ecdsa' | 'ed25519' | 'rsa' | null;
  /** The PKCS#11 CKA_ID, hex (notary uses one byte: 02, 01, 03, 00 for PIV slots 9c, 9e, 9d, 9a). */
  ckaId: string;
  label: string;
  hasCertificate: boolean;
  /** False when the key was made on the token and can never leave it (no backup is possible). */
  extractable: boolean | null;
}

export interface TokenInfo {
  /** Opaque and stable: the module and the token's serial. */
  id: string;
  modulePath: string;
  slot: number;
  label: string;
  manufacturer: string;
  model: string;
  serial: string;
  firmware: string | null;
  flags: TokenFlags;
  loggedIn: boolean;
  /** The token was opened with its factory default PIN: anyone holding it can use the keys. */
  defaultPinInUse: boolean;
  advisories: TokenAdvisory[];
  keys: TokenKeyInfo[];
}

export interface TokenSlotInfo {
  modulePath: string;
  slot: number;
  description: string;
  tokenPresent: boolean;
}

export interface TokenDiagnostics {
  modules: TokenModuleInfo[];
  slots: TokenSlotInfo[];
  tokens: TokenInfo[];
}

export type TokenRootWay = 'import' | 'on-device';

export interface TokenRootCreated {
  id: string;
  role: 'root';
  algorithm: 'ecdsa';
  way: TokenRootWay;
  token: { id: string; label: string; serial: string };
  ckaId: string;
  /** import: the encrypted backup written into the trust dir (relative path); on-device: null, none is possible. */
  backupFile: string | null;
}

/** Sent as the `tokenTouch` event while a token waits for a touch to sign. */
export interface TokenTouchEvent {
  tokenId: string;
  label: string;
  waiting: boolean;
}
