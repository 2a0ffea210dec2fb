import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

/**
 * Electron's main runs Node on BoringSSL, which rejects notary's PKCS#8 quirks: the codec must hand keys to
 * node:crypto as JWK only. Tests run on OpenSSL, where the mistake would pass unnoticed, so check the source.
 */
it('the key codec gives node:crypto keys as JWK only', () => {
  const dir = __dirname; // the codec's own files; store/ is another layer
  let calls = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    const src = readFileSync(join(dir, file), 'utf8');
    for (const [line] of src.matchAll(/create(?:Private|Public)Key\(.*$/gm)) {
      expect(line, file).toMatch(/format: 'jwk'/);
      calls++;
    }
  }
  expect(calls).toBeGreaterThanOrEqual(4); // the check must not pass by finding nothing
});
