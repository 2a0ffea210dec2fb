import { describe, expect, it } from 'vitest';
import { parseSubject } from '../../cli/commands/migrate';
import { buildInventory, checkImage, digestsToSign } from './inventory';
import { signScript } from './sign-script';
import type { VerifiedTrustData } from './trust-data';

const D1 = 'a'.repeat(64);
const D2 = 'b'.repeat(64);

const data = (tags: { name: string; digest: string }[]): VerifiedTrustData => ({
  gun: 'registry.example.com:5000/team/app',
  source: 'notary server https://notary.example.com',
  server: 'https://notary.example.com',
  verifiedAt: '2026-12-07T12:00:00.000Z',
  verdict: 'trusted',
  warnings: [],
  tags: tags.map((t) => ({ ...t, size: 1234, role: 'targets' })),
  delegations: [],
  roles: [],
  rootJson: Buffer.from('{}'),
});

describe('signing script', () => {
  it('one command per digest, by digest only, with the tags in a comment', () => {
    const inv = buildInventory(data([{ name: 'v2', digest: D2 }, { name: 'latest', digest: D2 }, { name: 'v1', digest: D1 }]));
    expect(inv.tags.map((t) => t.tag)).toEqual(['latest', 'v1', 'v2']);
    expect(digestsToSign(inv)).toEqual([{ digest: `sha256:${D2}`, tags: ['latest', 'v2'] }, { digest: `sha256:${D1}`, tags: ['v1'] }]);
    const cosign = signScript(inv, 'cosign', '', '2026-12-07T13:00:00.000Z');
    expect(cosign.split('\n').filter((l) => !l.startsWith('#') && l.trim() && l !== 'set -eu')).toEqual([
      `cosign sign --key cosign.key registry.example.com:5000/team/app@sha256:${D2}`,
      `cosign sign --key cosign.key registry.example.com:5000/team/app@sha256:${D1}`,
    ]);
    expect(signScript(inv, 'notation', 'team-app', 'x')).toContain(`notation sign --key team-app registry.example.com:5000/team/app@sha256:${D1}`);
  });

  it('a tag name from the server cannot become a command', () => {
    const inv = buildInventory(data([{ name: 'evil\nrm -rf ~ #', digest: D1 }]));
    const script = signScript(inv, 'cosign', '', 'x');
    expect(script).not.toMatch(/^rm /m);
    expect(script).toContain('# evil?rm -rf ~ #');
  });

  it('refuses image references that would need quoting, and digests that are not SHA-256', () => {
    expect(() => checkImage('registry.example.com/app; rm -rf /')).toThrow(/not an image reference/);
    expect(() => checkImage('UPPER/case')).toThrow();
    expect(checkImage('localhost:5000/a/b')).toBe('localhost:5000/a/b');
    expect(() => buildInventory(data([{ name: 'v1', digest: 'zz' }]))).toThrow(/no SHA-256 digest/);
  });
});

describe('--subject', () => {
  it('reads C, ST, L, O, CN and requires what Notation requires', () => {
    expect(parseSubject('C=US, ST=WA, L=Seattle, O=Example, CN=app')).toEqual({ country: 'US', state: 'WA', locality: 'Seattle', organization: 'Example', commonName: 'app' });
    expect(() => parseSubject('CN=app, O=Example')).toThrow(/needs C=/);
    expect(() => parseSubject('C=US, ST=WA, O=Example, CN=app, OU=x')).toThrow(/OU is not one of/);
  });
});
