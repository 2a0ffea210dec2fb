// How the CLI is split: every `import('...')` written in electron/cli/run.ts (the command table) is built as its
// own bundle, dist/electron/cli.<name>.js, beside cli.js (so __dirname-relative paths such as token-worker.js
// stay right). `keys list` and `--help` then parse a few dozen KB instead of every command's code.
// A chunk carries its own copy of the modules it shares with cli.js; that is why run.ts recognises errors by
// name (isVaultError, UsageError) rather than by class identity.
import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

const RUN = resolve('electron/cli/run.ts');
// Packages loaded with import() somewhere in the CLI and too big to parse in every command that merely could need
// them: each becomes its own bundle too (zxcvbn and its word lists, 1.7 MB: only when a passphrase is rated).
const LAZY = ['@zxcvbn-ts/core', '@zxcvbn-ts/language-common', '@zxcvbn-ts/language-en'];
const lazyChunk = (pkg) => `cli.${pkg.replace(/^@/, '').replace(/\//g, '-')}`;

const specifiers = () => [...new Set([...readFileSync(RUN, 'utf8').matchAll(/import\('(\.[^']+)'\)/g)].map((m) => m[1]))];
const chunkOf = (specifier) => `cli.${basename(specifier)}`;

/** esbuild entry points: chunk name → source file. Two specifiers with the same base name would collide. */
export function cliChunks() {
  const entries = {};
  for (const s of specifiers()) {
    const name = chunkOf(s);
    const file = join(dirname(RUN), `${s}.ts`);
    if (entries[name] && entries[name] !== file) throw new Error(`CLI chunks ${entries[name]} and ${file} have the same name ${name}`);
    entries[name] = file;
  }
  for (const pkg of LAZY) entries[lazyChunk(pkg)] = pkg;
  return entries;
}

const LOADER = resolve('electron/cli/chunk-loader.ts');

/**
 * In cli.js, run.ts's import() of a command module stays a load of its chunk file at run time, through
 * chunk-loader.ts (which uses the chunk's build-time code cache, scripts/cli-code-cache.mjs); in every bundle, an
 * import() of a LAZY package stays a plain require() of its chunk.
 */
export const cliSplitPlugin = {
  name: 'cli-split',
  setup(b) {
    b.onResolve({ filter: /^\./ }, (args) =>
      args.kind === 'dynamic-import' && args.importer === RUN ? { path: `${chunkOf(args.path)}.js`, namespace: 'cli-chunk' } : undefined,
    );
    b.onResolve({ filter: /^@zxcvbn-ts\// }, (args) =>
      args.kind === 'dynamic-import' && LAZY.includes(args.path) ? { path: `./${lazyChunk(args.path)}.js`, external: true } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'cli-chunk' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(LOADER)}).loadChunk(${JSON.stringify(args.path)});`,
      loader: 'js',
      resolveDir: dirname(RUN),
    }));
  },
};

/** The chunk files whose code cache the build writes: every command chunk (not the LAZY word lists). */
export function cachedChunkFiles() {
  return specifiers().map((s) => `${chunkOf(s)}.js`);
}
