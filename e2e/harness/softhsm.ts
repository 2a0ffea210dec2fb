import { makeSoftHsm } from '../../test/support/softhsm';
import type { Vault } from './fixtures';

/** Debian's SoftHSM2 module: a real PKCS#11 token for the tests. */
export { SOFTHSM2_MODULE } from '../../test/support/softhsm';
import { SOFTHSM2_MODULE } from '../../test/support/softhsm';

export interface SoftHsmToken {
  label: string;
  pin: string;
  soPin: string;
  serial: string;
}

export interface PrivateSoftHsm {
  /** This test's softhsm2.conf (in the test's temporary folder, removed with it). */
  conf: string;
  tokendir: string;
  env: Record<string, string>;
  initToken(token: { label: string; pin: string; soPin: string }): Promise<SoftHsmToken>;
  /** Removes the token's folder: SoftHSM2 then sees the token pulled out. */
  removeToken(label: string): Promise<void>;
}

/**
 * A private SoftHSM2 inside the test's temporary folder (test/support/softhsm.ts), so the machine's own tokens are
 * never seen. Call before the first token call (i.e. before `vault.open()`): it gives core `modules` (default:
 * SoftHSM2 only) and the token process SOFTHSM2_CONF.
 */
export async function privateSoftHsm(vault: Vault, modules: string[] = [SOFTHSM2_MODULE]): Promise<PrivateSoftHsm> {
  const hsm = makeSoftHsm(await vault.dir('softhsm'));
  const env = { SOFTHSM2_CONF: hsm.conf };
  vault.useTokenModules(modules, env);
  return {
    conf: hsm.conf,
    tokendir: hsm.tokendir,
    env,
    initToken: async (token) => ({ ...token, serial: hsm.initToken(token).serial }),
    removeToken: async (label) => hsm.deleteToken(label),
  };
}
