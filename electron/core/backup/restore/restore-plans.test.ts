import { describe, expect, it } from 'vitest';
import { systemClock } from '../../ports';
import type { OpenedBackup } from '../open-backup';
import { RestorePlans } from './restore-plans';

const opened = (data: Buffer): OpenedBackup =>
  ({ file: '/drive/b.tar.gz.age', format: 'vault', encrypted: true, manifest: null, keys: new Map([['private/k.key', { data }]]), roots: new Map(), ignored: [] }) as unknown as OpenedBackup;

describe('RestorePlans.dropAll', () => {
  it('forgets every checked archive and zeroes its key bytes (the vault locked)', () => {
    const plans = new RestorePlans(systemClock);
    const a = Buffer.from('-----BEGIN ENCRYPTED PRIVATE KEY-----');
    const b = Buffer.from('another key file');
    const ids = [plans.put(opened(a)), plans.put(opened(b))];
    plans.dropAll();
    for (const id of ids) expect(() => plans.get(id)).toThrow(/no longer open/);
    expect(a.every((x) => x === 0) && b.every((x) => x === 0)).toBe(true);
  });
});
