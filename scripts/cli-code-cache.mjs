// Writes the V8 code cache of each CLI command bundle (electron/cli/chunk-loader.ts reads it): the SHA-256 of the
// bundle's source, then V8's cached data for the bundle wrapped as CommonJS, compiled eagerly (--no-lazy, for this
// one compile) so the functions a command calls are in it too, not only the top level. Made by the Node that builds;
// a Node whose V8 differs rejects it and simply compiles the source.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

export function writeCodeCache(file) {
  const source = readFileSync(file, 'utf8');
  setFlagsFromString('--no-lazy');
  let script;
  try {
    script = new Script(Module.wrap(source), { filename: resolve(file) });
  } finally {
    setFlagsFromString('--lazy'); // back to the default, so the cache carries the flags a plain `node` runs with
  }
  writeFileSync(`${file}.cache`, Buffer.concat([createHash('sha256').update(source).digest(), script.createCachedData()]));
}
