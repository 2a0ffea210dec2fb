// The build (scripts/build-electron.mjs) replaces this name with package.json's version; unbuilt runs say dev.
declare const __TRUST_VAULT_VERSION__: string | undefined;

/** The version the CLI writes into backup manifests, as the app writes its own. */
export const CLI_VERSION: string = typeof __TRUST_VAULT_VERSION__ === 'string' ? __TRUST_VAULT_VERSION__ : '0.0.0-dev';
