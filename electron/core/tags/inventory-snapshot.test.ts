import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RepoStatus } from '../../../shared/dto/status';
import { inventoryPath, readInventory, snapshotInventory } from './inventory-snapshot';

const D = (c: string) => c.repeat(64);
const status = (tags: { name: string; digest: string; size: number }[], verdict = 'trusted'): RepoStatus => ({ gun: 'reg.example/acme/app', verdict, tags, roles: [], problems: [] }) as unknown as RepoStatus;

describe('the verified tag inventory kept for a recovery', () => {
  const dirs: string[] = [];
  const dataDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'tv-inventory-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('is written in a 0700 folder and read back; a later status with no tags keeps it', () => {
    const data = dataDir();
    snapshotInventory(data, status([{ name: 'v1', digest: D('a'), size: 10 }, { name: 'v1', digest: D('b'), size: 11 }]), 'cache', new Date('2026-01-01T00:00:00Z'));
    expect(inventoryPath(data, 'reg.example/acme/app')).toBe(join(data, 'recovery', 'reg.example+acme+app-inventory.json'));
    expect(statSync(join(data, 'recovery')).mode & 0o777).toBe(0o700);
    const kept = readInventory(data, 'reg.example/acme/app')!;
    expect(kept.tags).toEqual([{ tag: 'v1', digest: `sha256:${D('a')}`, size: 10 }]);
    // After the delete and a new root, planning again finds no tags: the kept ones stay.
    expect(snapshotInventory(data, status([]), 'http://n', new Date())!.tags).toEqual(kept.tags);
    expect(readInventory(data, 'reg.example/acme/app')!.from).toBe('cache');
  });

  it('refuses a status that does not verify, and a file that is not an inventory', () => {
    const data = dataDir();
    expect(() => snapshotInventory(data, status([{ name: 'v1', digest: D('a'), size: 1 }], 'broken'), 'cache', new Date())).toThrow(/does not verify/);
    expect(readInventory(data, 'reg.example/acme/app')).toBeNull();
    snapshotInventory(data, status([{ name: 'v1', digest: D('a'), size: 1 }]), 'cache', new Date());
    const path = inventoryPath(data, 'reg.example/acme/app');
    writeFileSync(path, readFileSync(path, 'utf8').replace(`sha256:${D('a')}`, 'sha256:xyz'));
    expect(() => readInventory(data, 'reg.example/acme/app')).toThrow(/not a tag inventory of reg.example\/acme\/app/);
    writeFileSync(path, '{');
    expect(() => readInventory(data, 'reg.example/acme/app')).toThrow(/is not a tag inventory/);
  });
});
