import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Loads one of the CLI's command bundles (dist/electron/cli.<name>.js) the way require() would, but with the V8
 * code cache the build wrote beside it (cli.<name>.js.cache, scripts/cli-code-cache.mjs): the bundle's bytecode,
 * compiled eagerly at build time, so a command neither parses its bundle nor compiles each function on first call
 * (issue 17: most of a short command's own time). The cache is only a speed-up, never trusted for meaning: it is
 * used only when it names the SHA-256 of the very source beside it and V8 accepts it for this Node; anything else
 * (no cache, another Node, a rebuilt bundle) compiles the source as require() does. It is written by the build into
 * the install folder, next to the code it stands for, never at run time into a folder the user's data lives in.
 */
export function loadChunk(file: string, dir: string = __dirname): unknown {
  const filename = join(dir, file);
  // In require()'s own cache, as require() would put it: loaded once, and listed with every module the process loaded.
  const loaded = (Module as unknown as { _cache: Record<string, Module | undefined> })._cache;
  const known = loaded[filename];
  if (known) return known.exports;
  const source = readFileSync(filename, 'utf8');
  // Loaded here, not at the top: `--help` loads no chunk and should not pay for vm or crypto.
  const { Script } = require('node:vm') as typeof import('node:vm'); // eslint-disable-line @typescript-eslint/no-require-imports
  const cachedData = cacheFor(filename, source);
  const script = new Script(Module.wrap(source), { filename, cachedData });
  cacheOutcomes.set(file, cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'used');
  const mod = new Module(filename, module);
  mod.filename = filename;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(filename));
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  loaded[filename] = mod;
  try {
    wrapper.call(mod.exports, mod.exports, createRequire(filename), mod, filename, dirname(filename));
  } catch (e) {
    delete loaded[filename]; // as require() does: a chunk that failed to load is not kept half-initialised
    throw e;
  }
  mod.loaded = true;
  return mod.exports;
}

/** What became of each loaded chunk's cache: used, rejected by V8 (another Node), or none (absent or stale). */
export const cacheOutcomes = new Map<string, 'used' | 'rejected' | 'none'>();

/** The cache's bytecode when its first 32 bytes are the SHA-256 of `source`, else undefined. */
function cacheFor(filename: string, source: string): Buffer | undefined {
  let cache: Buffer;
  try {
    cache = readFileSync(`${filename}.cache`);
  } catch {
    return undefined;
  }
  const { createHash } = require('node:crypto') as typeof import('node:crypto'); // eslint-disable-line @typescript-eslint/no-require-imports
  const digest = createHash('sha256').update(source).digest();
  return cache.length > 32 && digest.equals(cache.subarray(0, 32)) ? cache.subarray(32) : undefined;
}
