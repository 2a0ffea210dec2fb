// How the CLI is split: every `import('...')` written in electron/cli/run.ts (the command table) is built as its
// own bundle, dist/electron/cli.<name>.js, beside cli.js (so __dirname-relative paths such as token-worker.js
// stay right). `keys list` and `--help` then parse a few dozen KB instead of every command's code.
// A chunk carries its own copy of the modules it shares with cli.js; that is why run.ts recognises errors by
// name (isVaultError, UsageError) rather than by class identity.
import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

const RUN = resolve('electron/cli/run.ts');

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
  return entries;
}

/** In cli.js, run.ts's import() of a chunk's module stays a load of the chunk file at run time. */
export const cliSplitPlugin = {
  name: 'cli-split',
  setup(b) {
    b.onResolve({ filter: /^\./ }, (args) =>
      args.kind === 'dynamic-import' && args.importer === RUN ? { path: `./${chunkOf(args.path)}.js`, external: true } : undefined,
    );
  },
};
