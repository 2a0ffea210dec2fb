/**
 * Environment hooks for tests (issue 12, point 6): TRUST_VAULT_INJECT_DRIVES (folders that stand in for USB
 * drives), TRUST_VAULT_PKCS11_MODULES (which PKCS#11 modules to load) and any other TRUST_VAULT_* variable change
 * what the vault trusts, so they work only in development and test runs, never in a packaged app.
 *
 * "Packaged" is decided outside core and passed in: Electron's `app.isPackaged` in the desktop app; for the CLI,
 * the build flag `scripts/build-electron.mjs --release` (used by `npm run dist`) that sets __TRUST_VAULT_PACKAGED__.
 */

export const TEST_HOOK_PREFIX = 'TRUST_VAULT_';

/** `env` as core may read it: unchanged in development and tests; without any TRUST_VAULT_* variable when packaged. */
export function hostEnvironment(env: NodeJS.ProcessEnv, packaged: boolean): NodeJS.ProcessEnv {
  if (!packaged) return env;
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) if (!name.startsWith(TEST_HOOK_PREFIX)) out[name] = value;
  return out;
}
