import type { TokenAdvisory } from '../../../shared/dto/tokens';

/**
 * Known firmware advisories, matched where the token shows its firmware. YSA-2024-03 (EUCLEAK): a side channel in
 * the ECDSA of YubiKey 5 series firmware before 5.7 lets someone with the key in hand and lab equipment recover
 * an ECDSA private key.
 */
export function advisoriesFor(token: { manufacturer: string; model: string; firmware: string | null }): TokenAdvisory[] {
  const out: TokenAdvisory[] = [];
  if (/yubico/i.test(token.manufacturer) && token.firmware && firmwareBefore(token.firmware, [5, 7])) {
    out.push({
      id: 'YSA-2024-03',
      title: `ECDSA keys on YubiKey firmware before 5.7 (this one has ${token.firmware}) can be extracted by an attacker who holds the key for a while with lab equipment.`,
      url: 'https://www.yubico.com/support/security-advisories/ysa-2024-03/',
    });
  }
  return out;
}

function firmwareBefore(firmware: string, limit: [number, number]): boolean {
  const [major = 0, minor = 0] = firmware.split('.').map((n) => Number.parseInt(n, 10));
  return major < limit[0] || (major === limit[0] && minor < limit[1]);
}
