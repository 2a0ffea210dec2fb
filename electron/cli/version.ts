// The build (scripts/build-electron.mjs) replaces this name with package.json's version; unbuilt runs say dev.
declare const __TRUST_VAULT_VERSION__: string | undefined;
declare const __TRUST_VAULT_PACKAGED__: boolean | undefined;

/** The version the CLI writes into backup manifests, as the app writes its own. */
export const CLI_VERSION: string = typeof __TRUST_VAULT_VERSION__ === 'string' ? __TRUST_VAULT_VERSION__ : '0.0.0-dev';

/**
 * Whether this CLI was built for release (`node scripts/build-electron.mjs --release`, which `npm run dist` runs):
 * then test hooks (TRUST_VAULT_* variables) are ignored (core/process/test-hooks.ts). Development and test builds,
 * and the TypeScript run directly, honour them.
 */
export const CLI_PACKAGED: boolean = typeof __TRUST_VAULT_PACKAGED__ === 'boolean' && __TRUST_VAULT_PACKAGED__;
