import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyIdOf } from './key-id';
import { decodePem } from './pem';

const fixture = (name: string) => readFileSync(join(__dirname, '../../../test/fixtures/keys', name), 'utf8');

describe('keyIdOf', () => {
  it('matches the ID docker gave the key it generated (file name in private/)', () => {
    // docker trust key generate alice: alice.pub and private/9e229b2c….key
    const [pub] = decodePem(fixture('docker-alice.pub'));
    expect(keyIdOf('ecdsa', pub!.bytes)).toBe('9e229b2cb33a2ae77d3ba7599700eea163721e0e111eb3912daa007242170986');
  });

  it('depends on the key type, as the type is part of the hashed JSON', () => {
    const bytes = Buffer.from('same bytes');
    const ids = new Set((['ecdsa', 'rsa', 'ed25519', 'ecdsa-x509', 'rsa-x509'] as const).map((t) => keyIdOf(t, bytes)));
    expect(ids.size).toBe(5);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{64}$/);
  });
});
