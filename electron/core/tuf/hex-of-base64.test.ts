import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hexOfBase64 } from './targets-walk';

describe('hexOfBase64', () => {
  it('is Buffer.from(b64, "base64").toString("hex") for any string, valid or not', () => {
    const cases = [
      '',
      'A',
      'AA',
      'AA=',
      'AA==',
      'AAA=',
      '====',
      'a b\nc=',
      '-_-_',
      '!!@@',
      'é€😀',
      createHash('sha256').update('x').digest('base64'),
      createHash('sha512').update('x').digest('base64'),
      'A'.repeat(84),
      'A'.repeat(85),
      '/'.repeat(83) + '=',
      'QUJD'.repeat(100),
    ];
    for (let n = 0; n < 200; n++) cases.push(createHash('sha256').update(String(n)).digest('base64').slice(0, n % 45));
    for (const s of cases) expect(hexOfBase64(s), s).toBe(Buffer.from(s, 'base64').toString('hex'));
  });
});
