// Bundles the Electron main process, the preload and the CLI into dist/electron with esbuild.
// The preload must be one self-contained file: a sandboxed preload can only require 'electron'.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { cachedChunkFiles, cliChunks, cliSplitPlugin } from './cli-chunks.mjs';
import { writeCodeCache } from './cli-code-cache.mjs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// --release (npm run dist): the CLI ignores test hooks (TRUST_VAULT_* variables), as the packaged app does.
const release = process.argv.includes('--release');

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

// The CLI: a small entry (argument parsing, usage, the command table) and one bundle per module the command table
// loads on demand, so a process parses only the command it runs (scripts/cli-chunks.mjs).
const cli = {
  ...common,
  define: { __TRUST_VAULT_VERSION__: JSON.stringify(version), __TRUST_VAULT_PACKAGED__: JSON.stringify(release) },
  // import() of a chunk becomes require(): a plain CommonJS load, without starting Node's ESM loader.
  supported: { 'dynamic-import': false },
};

// A command renamed or removed must not leave its old bundle behind.
for (const f of existsSync('dist/electron') ? readdirSync('dist/electron', { withFileTypes: true }) : []) {
  if (f.isFile() && /^cli\..+\.js(\.map|\.cache)?$/.test(f.name)) rmSync(`dist/electron/${f.name}`);
}

// The preload gets the contract's names only, not its zod schemas (scripts/contract-names.ts): loaded here by bundling
// that module for this script, so the names come from the contract as it is now.
const contractNames = await loadTsModule('scripts/contract-names.ts');

const [, preload] = await Promise.all([
  build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.js' }),
  build({
    ...common,
    entryPoints: ['electron/preload.ts'],
    outfile: 'dist/electron/preload.js',
    metafile: true,
    plugins: [contractNames.contractNamesPlugin(resolve('shared/contract.ts'))],
  }),
  // The token process: pkcs11js (external, like in main) and PKCS#11 modules are only ever loaded in there.
  build({ ...common, entryPoints: ['electron/token-worker.ts'], outfile: 'dist/electron/token-worker.js' }),
  build({
    ...cli,
    entryPoints: ['electron/cli.ts'],
    outfile: 'dist/electron/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [cliSplitPlugin],
  }),
  build({ ...cli, entryPoints: cliChunks(), outdir: 'dist/electron', entryNames: '[name]', plugins: [cliSplitPlugin] }),
]);

// Each command chunk's V8 code cache, beside it (electron/cli/chunk-loader.ts).
for (const file of cachedChunkFiles()) writeCodeCache(`dist/electron/${file}`);

/** A TypeScript module of this repository, bundled and evaluated in this process (for build-time helpers). */
async function loadTsModule(file) {
  const r = await build({ entryPoints: [file], bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'warning', external: ['esbuild'] });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', r.outputFiles[0].text)(module, module.exports, createRequire(import.meta.url));
  return module.exports;
}

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
