import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../harness/paths';

/**
 * Where Electron's binary is, without loading the `electron` package (its index.js tries to download the binary
 * when it is missing, which must never happen in a test). $TRUST_VAULT_ELECTRON wins; else what `npm install`
 * unpacked: node_modules/electron/path.txt names the file under node_modules/electron/dist. Null when absent.
 */
export function electronBinary(): string | null {
  const env = process.env.TRUST_VAULT_ELECTRON;
  if (env) return existsSync(env) ? env : null;
  const pkg = join(REPO_ROOT, 'node_modules', 'electron');
  const pathTxt = join(pkg, 'path.txt');
  if (!existsSync(pathTxt)) return null;
  const binary = join(pkg, 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

/** The packaged Linux app electron-builder writes (`npm run dist`), if there is one. */
export function packagedApp(): string | null {
  const candidate = join(REPO_ROOT, 'release', 'linux-unpacked', 'trust-vault');
  return existsSync(candidate) ? candidate : null;
}

export const NO_ELECTRON =
  'No Electron binary: node_modules/electron/dist is missing (npm install could not download it) and TRUST_VAULT_ELECTRON is not set. ' +
  'On a machine with network access: npm install && npm run build && npm run test:electron.';
