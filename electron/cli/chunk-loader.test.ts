import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a build script in plain JavaScript, without types
import { writeCodeCache } from '../../scripts/cli-code-cache.mjs';
import { cacheOutcomes, loadChunk } from './chunk-loader';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'tv-chunk-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const CHUNK = `"use strict";
const { basename } = require("node:path");
function twice(n) { return n * 2; }
module.exports = { twice, name: basename(__filename), dir: __dirname };
`;

describe('loading a CLI chunk with its code cache', () => {
  it('uses a cache made for the very source beside it, and the chunk works as under require()', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'cli.demo.js'), CHUNK);
    writeCodeCache(join(dir, 'cli.demo.js'));
    const m = loadChunk('cli.demo.js', dir) as { twice(n: number): number; name: string; dir: string };
    expect(cacheOutcomes.get('cli.demo.js')).toBe('used');
    expect(m.twice(21)).toBe(42);
    expect(m.name).toBe('cli.demo.js');
    expect(m.dir).toBe(dir);
  });

  it('ignores a cache made for other source (a rebuilt or edited bundle), and compiles the source instead', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'cli.demo.js'), CHUNK);
    writeCodeCache(join(dir, 'cli.demo.js'));
    // Same length, other meaning: V8's own check (length and flags) would take this cache; the SHA-256 does not.
    writeFileSync(join(dir, 'cli.demo.js'), CHUNK.replace('n * 2', 'n * 3'));
    const m = loadChunk('cli.demo.js', dir) as { twice(n: number): number };
    expect(cacheOutcomes.get('cli.demo.js')).toBe('none');
    expect(m.twice(21)).toBe(63);
  });

  it('loads a chunk once, into require()\'s cache, as require() would', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'cli.demo.js'), CHUNK);
    const first = loadChunk('cli.demo.js', dir);
    expect(loadChunk('cli.demo.js', dir)).toBe(first);
    expect(createRequire(__filename).cache[join(dir, 'cli.demo.js')]?.exports).toBe(first);
  });

  it('works without a cache, and with a truncated one', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'cli.demo.js'), CHUNK);
    expect((loadChunk('cli.demo.js', dir) as { twice(n: number): number }).twice(2)).toBe(4);
    expect(cacheOutcomes.get('cli.demo.js')).toBe('none');
    writeFileSync(join(dir, 'cli.other.js'), CHUNK);
    writeFileSync(join(dir, 'cli.other.js.cache'), Buffer.alloc(10));
    expect((loadChunk('cli.other.js', dir) as { twice(n: number): number }).twice(3)).toBe(6);
    expect(cacheOutcomes.get('cli.other.js')).toBe('none');
  });

  it('V8 takes the cache the build wrote for every command chunk in dist/ (this Node built it)', () => {
    const dist = resolve(__dirname, '../../dist/electron');
    if (!existsSync(join(dist, 'cli.js'))) return; // `npm test` builds first; a bare vitest run may not have
    const cached = readdirSync(dist).filter((f) => /^cli\..+\.js\.cache$/.test(f));
    expect(cached.length).toBeGreaterThan(10);
    // Loading runs the chunk's top level only (imports and definitions): no command runs.
    const file = 'cli.keys-list.js';
    expect(readFileSync(join(dist, `${file}.cache`)).length).toBeGreaterThan(32);
    loadChunk(file, dist);
    expect(cacheOutcomes.get(file)).toBe('used');
  });
});
