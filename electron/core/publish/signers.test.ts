import { describe, expect, it } from 'vitest';
import { generatePrivateKey } from '../keys/generate';
import { selfSignedCertificate } from '../keys/certificate';
import { certificateTufKey, certificatePem, publicTufKey } from './metadata/keys';
import { addDelegationKeys, addSigner, newDelegationTargets } from './metadata/repo-builder';
import type { RepoState } from './repo-state';
import { checkSignerName, signersOf } from './signers';

const now = new Date();

describe('checkSignerName', () => {
  it('takes docker\'s signer names and refuses releases and anything else', () => {
    expect(checkSignerName('alice')).toBe('alice');
    expect(checkSignerName('ci-bot_2')).toBe('ci-bot_2');
    for (const bad of ['', 'Alice', '-x', 'a/b', 'a.b', '../x', 'targets/alice']) expect(() => checkSignerName(bad), bad).toThrow(/not a signer name/);
    expect(() => checkSignerName('releases')).toThrow(/not a signer/);
  });
});

describe('signersOf', () => {
  it('lists targets/NAME roles with canonical key IDs, whether they are in releases, and whether a key file is here', async () => {
    const alice = generatePrivateKey('ecdsa');
    const bobKey = generatePrivateKey('ecdsa');
    const der = await selfSignedCertificate({ commonName: 'bob', spki: bobKey.publicBytes, notBefore: now, notAfter: new Date(now.getTime() + 86_400_000), sign: (t) => bobKey.sign(t) });
    const bob = certificateTufKey(certificatePem(der), 'ecdsa');
    let t = addSigner(newDelegationTargets(now), 'alice', [publicTufKey(alice)]);
    // bob made with `notary delegation add targets/bob` only (not in releases), and a nested role that is no signer.
    t = addDelegationKeys(t, 'targets/bob', [bob]);
    t = addDelegationKeys(t, 'targets/bob/sub', [publicTufKey(alice)]);
    const state = { targets: { signed: t, bytes: Buffer.alloc(0) } } as unknown as RepoState;
    expect(signersOf(state, new Set([bobKey.id]))).toEqual([
      { role: 'targets/alice', name: 'alice', keyIds: [alice.id], inReleases: true, haveKey: false },
      { role: 'targets/bob', name: 'bob', keyIds: [bobKey.id], inReleases: false, haveKey: true },
    ]);
  });
});
