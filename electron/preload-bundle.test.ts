import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it, vi } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contract, listOperations } from '../shared/contract';
import { contractNamesPlugin } from '../scripts/contract-names';

/**
 * The preload as esbuild bundles it (scripts/build-electron.mjs), run the way a sandboxed preload runs: a require
 * that knows only 'electron', and no Node globals (no process, Buffer or fs). Proves the bundle is self-contained,
 * exposes window.vault only, with every operation of the contract, from the contract's names alone (no zod).
 */
async function bundlePreload(): Promise<string> {
  const result = await build({
    entryPoints: [`${__dirname}/preload.ts`],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['electron', 'pkcs11js', 'argon2', 'drivelist'],
    write: false,
    logLevel: 'silent',
    plugins: [contractNamesPlugin(join(__dirname, '../shared/contract.ts'))],
  });
  return result.outputFiles[0]!.text;
}

describe('the bundled preload', () => {
  it('loads with nothing but electron, and exposes exactly window.vault and window.vaultEvents', async () => {
    const code = await bundlePreload();
    const exposed: [string, unknown][] = [];
    const invoke = vi.fn(async (channel: string) => ({ ok: true, value: channel }));
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.push([key, api]) },
      ipcRenderer: { invoke, on: vi.fn(), removeListener: vi.fn() },
    };
    const required: string[] = [];
    const sandboxRequire = (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
      return electron;
    };
    const module = { exports: {} };
    runInNewContext(code, { require: sandboxRequire, module, exports: module.exports });

    expect(required).toEqual(['electron']);
    expect(exposed.map(([key]) => key)).toEqual(['vault', 'vaultEvents', 'vaultFiles']);
    const vault = exposed[0]![1] as Record<string, Record<string, (args: unknown) => Promise<unknown>>>;
    expect(Object.keys(vault).sort()).toEqual(Object.keys(contract).sort());
    expect(await vault.keys!.list!({ trustDirId: 'docker' })).toEqual({ ok: true, value: 'vault:keys.list' });
    expect(invoke).toHaveBeenCalledExactlyOnceWith('vault:keys.list', { trustDirId: 'docker' });
    const exposedOps = Object.entries(vault).flatMap(([group, ops]) => Object.keys(ops).map((op) => `${group}.${op}`));
    expect(exposedOps.sort()).toEqual(listOperations().map((o) => `${o.group}.${o.name}`).sort());
  });

  it('carries the contract\'s names, not its schemas: no zod, a few KB for the page to parse at every start', async () => {
    const code = await bundlePreload();
    expect(code).not.toMatch(/ZodError|zod/i);
    expect(code.length).toBeLessThan(64 * 1024);
    // The build script's preload too, when built (`npm test` builds first).
    const built = join(__dirname, '../dist/electron/preload.js');
    if (existsSync(built)) expect(readFileSync(built, 'utf8')).not.toMatch(/ZodError/);
  });
});
