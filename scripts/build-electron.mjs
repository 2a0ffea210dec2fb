// Bundles the Electron main process, the preload and the CLI into dist/electron with esbuild.
// The preload must be one self-contained file: a sandboxed preload can only require 'electron'.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { build } from 'esbuild';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // Native addons and electron itself are loaded at run time, never bundled.
  external: ['electron', 'pkcs11js', 'argon2', 'drivelist'],
};

const [, preload] = await Promise.all([
  build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.js' }),
  build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/electron/preload.js', metafile: true }),
  // The token process: pkcs11js (external, like in main) and PKCS#11 modules are only ever loaded in there.
  build({ ...common, entryPoints: ['electron/token-worker.ts'], outfile: 'dist/electron/token-worker.js' }),
  build({
    ...common,
    entryPoints: ['electron/cli.ts'],
    outfile: 'dist/electron/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    define: { __TRUST_VAULT_VERSION__: JSON.stringify(version) },
  }),
]);

// Fail here rather than at run time in a window: anything but 'electron' would not load in the sandbox.
const required = Object.values(preload.metafile.outputs).flatMap((output) => output.imports.map((i) => i.path));
const foreign = required.filter((path) => path !== 'electron');
if (foreign.length > 0) {
  console.error(`The sandboxed preload may only require 'electron', but requires: ${[...new Set(foreign)].join(', ')}`);
  process.exit(1);
}

// The window icon (Linux shows it in the window list), made from assets/icon.svg by scripts/make-icons.mjs.
mkdirSync('dist/electron', { recursive: true });
copyFileSync('assets/icons/512x512.png', 'dist/electron/icon.png');
