import type { TokenFlags } from '../../../shared/dto/tokens';

/**
 * What core asks of PKCS#11 tokens. The implementation (./pkcs11) runs pkcs11js in a separate process (Electron's
 * utility process in the app, a forked Node process in the CLI and tests) with a timeout on every call, so a module
 * that hangs or crashes costs an error message, never the app. Every failure is a VaultError with a TOKEN_* code
 * (or NOT_FOUND) and a message naming the module or token.
 */

/** A token is addressed by its module and serial: slot numbers change when tokens are plugged in again. */
export interface TokenRef {
  modulePath: string;
  serial: string;
}

export interface RawToken {
  label: string;
  manufacturer: string;
  model: string;
  serial: string;
  /** "major.minor" as CK_TOKEN_INFO gives it; null when the token reports 0.0. */
  firmware: string | null;
  hardware: string | null;
  flags: TokenFlags;
}

export interface RawSlot {
  slot: number;
  description: string;
  tokenPresent: boolean;
  token: RawToken | null;
}

export interface RawModule {
  library: { description: string; manufacturer: string; version: string };
  slots: RawSlot[];
}

export interface RawTokenObject {
  class: 'private-key' | 'public-key' | 'certificate';
  /** CKA_ID, lowercase hex. */
  ckaId: string;
  label: string;
  keyType: 'ec' | 'ec-edwards' | 'rsa' | 'other' | null;
  /** Named curve OID of an EC key (1.2.840.10045.3.1.7 for P-256); null when not EC or not readable. */
  ecCurveOid: string | null;
  /** The uncompressed EC point (04 || x || y), already taken out of its DER OCTET STRING; public keys only. */
  ecPoint: Buffer | null;
  /** DER X.509 certificate; certificates only. */
  certDer: Buffer | null;
  /** Private keys: CKA_EXTRACTABLE (null when the token does not say). */
  extractable: boolean | null;
}

export interface TokenClient {
  /** Loads the module (once) and lists its slots, with the token in each. */
  probe(modulePath: string): Promise<RawModule>;
  /** Public objects always; private keys too while logged in. */
  objects(ref: TokenRef): Promise<RawTokenObject[]>;
  isLoggedIn(ref: TokenRef): Promise<boolean>;
  /** C_Login as the user; the session stays logged in (in the token process) until logout or removal. */
  login(ref: TokenRef, pin: string): Promise<void>;
  logout(ref: TokenRef): Promise<void>;
  /** A P-256 private key made elsewhere (CKA_VALUE = d), sign-only and sensitive, plus its certificate, under one CKA_ID. */
  importEcPrivateKey(ref: TokenRef, key: { ckaId: string; label: string; d: Buffer; certDer: Buffer }): Promise<void>;
  /** C_GenerateKeyPair for P-256 on the token: private key sensitive and never extractable; returns the public point. */
  generateEcKeyPair(ref: TokenRef, key: { ckaId: string; label: string }): Promise<{ ecPoint: Buffer }>;
  storeCertificate(ref: TokenRef, cert: { ckaId: string; label: string; certDer: Buffer }): Promise<void>;
  /** CKM_ECDSA over a SHA-256 digest made by the caller; returns raw r || s (64 bytes). */
  signEcdsa(ref: TokenRef, ckaId: string, digest: Buffer): Promise<Buffer>;
  /** Removes every object (private key, public key, certificate) with this CKA_ID; returns how many. */
  destroyObjects(ref: TokenRef, ckaId: string): Promise<number>;
  /** Ends the token process (logging every token out). */
  close(): Promise<void>;
}
