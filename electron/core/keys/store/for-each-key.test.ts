import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { KeyInfo } from '../../../../shared/dto/keys';
import { makeTempDir } from '../../../../test/support/temp-dir';
import { generateKey } from './generate-key';
import { forEachKey, listKeys } from './scan';

/** forEachKey hands out the listing one key at a time (a backup's plan of 100,000 keys holds no KeyInfo list). */
describe('forEachKey', () => {
  const tmp = makeTempDir('tv-for-each-key-');
  afterAll(() => tmp.cleanup());

  it('gives exactly what listKeys lists, in its order, across many 64 KiB pieces, broken files included', () => {
    const trust = join(tmp.path, 'trust');
    const seed = readFileSync(generateKey(trust, { role: 'targets', gun: 'example.com/app', algorithm: 'ecdsa', passphrase: 'key passphrase' }).key.path);
    // About 600 rows of ~400 bytes: several pieces, each cut between rows.
    for (let i = 0; i < 600; i++) writeFileSync(join(trust, 'private', `${i.toString(16).padStart(64, '0')}.key`), seed, { mode: 0o600 });
    writeFileSync(join(trust, 'private', `${'e'.repeat(64)}.key`), '', { mode: 0o600 });
    mkdirSync(join(trust, 'private', 'tuf_keys', 'example.com', 'old'), { recursive: true });
    chmodSync(join(trust, 'private'), 0o700);
    const seen: KeyInfo[] = [];
    forEachKey(trust, (k) => seen.push(k));
    expect(seen).toHaveLength(602);
    expect(seen).toEqual(listKeys(trust));
  });

  it('gives nothing for an empty trust dir', () => {
    const seen: KeyInfo[] = [];
    forEachKey(join(tmp.path, 'empty'), (k) => seen.push(k));
    expect(seen).toEqual([]);
  });
});
