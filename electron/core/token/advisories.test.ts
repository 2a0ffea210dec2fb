import { describe, expect, it } from 'vitest';
import { advisoriesFor } from './advisories';

describe('advisoriesFor', () => {
  it('flags YubiKey firmware before 5.7 with YSA-2024-03, and nothing else', () => {
    const yubikey = (firmware: string | null) => advisoriesFor({ manufacturer: 'Yubico', model: 'YubiKey YK5', firmware });
    expect(yubikey('5.4').map((a) => a.id)).toEqual(['YSA-2024-03']);
    expect(yubikey('4.3').map((a) => a.id)).toEqual(['YSA-2024-03']);
    expect(yubikey('5.7')).toEqual([]);
    expect(yubikey('5.10')).toEqual([]);
    expect(yubikey(null)).toEqual([]);
    expect(advisoriesFor({ manufacturer: 'SoftHSM project', model: 'SoftHSM v2', firmware: '2.6' })).toEqual([]);
  });
});
