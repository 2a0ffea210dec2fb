import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test/support/temp-dir';
import { writeNewFileAtomically } from '../fs/atomic-write';
import { generatePrivateKey } from '../keys/generate';
import { encodeKeyFile } from '../keys/key-block';
import { currentKeyPath } from '../keys/store/layout';
import { publicTufKey, rootCertificateKey } from './metadata/keys';
import { buildNewRepository } from './metadata/repo-builder';
import { signerFromPrivateKey } from './metadata/signer';
import { newPendingKey, signerForRole } from './role-signers';

const gun = 'example.com/publish/signers';
const now = new Date();
const tmp = makeTempDir('tv-role-signers-');
afterAll(() => tmp.cleanup());

describe('signerForRole', () => {
  it('finds the root key file under the certificate\'s public key ID and signs as the certificate', async () => {
    const root = generatePrivateKey('ecdsa');
    const cert = await rootCertificateKey(root, gun, now);
    const built = await buildNewRepository({
      gun,
      root: signerFromPrivateKey(root, cert),
      targets: signerFromPrivateKey(generatePrivateKey('ecdsa')),
      snapshot: { server: publicTufKey(generatePrivateKey('ed25519')) },
      timestamp: publicTufKey(generatePrivateKey('ed25519')),
      now,
    });
    const trust = `${tmp.path}/trust`;
    expect(() => signerForRole(trust, built.root, 'root', 'root pass 1')).toThrow(/no root key of this repository/);
    writeNewFileAtomically(currentKeyPath(trust, root.id), encodeKeyFile(root, { role: 'root', passphrase: 'root pass 1' }));
    const found = signerForRole(trust, built.root, 'root', 'root pass 1');
    expect(found.signer.keyId).toBe(cert.id);
    expect(found.key.id).toBe(root.id);
    expect(() => signerForRole(trust, built.root, 'root', 'wrong pass')).toThrow(expect.objectContaining({ code: 'WRONG_PASSPHRASE' }));
    expect(() => signerForRole(trust, built.root, 'targets', 'x')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});

describe('newPendingKey', () => {
  it('an ECDSA key with notary\'s gun rule, and a passphrase of 8 or more characters, naming the role', () => {
    const t = newPendingKey('targets', gun, 'targets pass');
    expect(t).toMatchObject({ role: 'targets', gun, passphrase: 'targets pass' });
    expect(t.key.algorithm).toBe('ecdsa');
    expect(newPendingKey('root', gun, 'root pass 1').gun).toBeNull();
    expect(() => newPendingKey('snapshot', gun, 'short')).toThrow(/the new snapshot key: .*8/);
    expect(() => newPendingKey('targets', gun, undefined)).toThrow(expect.objectContaining({ code: 'PASSPHRASE_REQUIRED' }));
  });
});
