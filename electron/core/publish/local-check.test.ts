import { describe, expect, it } from 'vitest';
import { generatePrivateKey } from '../keys/generate';
import { checkChangeLocally } from './local-check';
import { publicTufKey, rootCertificateKey } from './metadata/keys';
import { buildNewRepository, resignTargets, rotateRoot, rotateRole, snapshotFor } from './metadata/repo-builder';
import { signMetadata } from './metadata/sign';
import { signerFromPrivateKey } from './metadata/signer';

const gun = 'example.com/publish/check';
const now = new Date();

async function repository(serverSnapshot = false) {
  const root = generatePrivateKey('ecdsa');
  const rootSigner = signerFromPrivateKey(root, await rootCertificateKey(root, gun, now));
  const targets = signerFromPrivateKey(generatePrivateKey('ecdsa'));
  const snapshot = signerFromPrivateKey(generatePrivateKey('ecdsa'));
  const built = await buildNewRepository({
    gun,
    root: rootSigner,
    targets,
    snapshot: serverSnapshot ? { server: publicTufKey(generatePrivateKey('ed25519')) } : snapshot,
    timestamp: publicTufKey(generatePrivateKey('ed25519')),
    now,
  });
  return { built, rootSigner, targets, snapshot };
}

const change = (after: Map<string, Buffer>, currentRoot: Buffer | null = null, serverSignsSnapshot = false) => ({ gun, after, currentRoot, serverSignsSnapshot, now });

describe('checkChangeLocally', () => {
  it('passes a new repository, with a local snapshot or one the server will sign', async () => {
    const local = await repository();
    expect(() => checkChangeLocally(change(local.built.files))).not.toThrow();
    const server = await repository(true);
    expect(() => checkChangeLocally(change(server.built.files, null, true))).not.toThrow();
  });

  it('refuses a root rotation the current root did not sign, and passes one signed by both', async () => {
    const r = await repository();
    const next = generatePrivateKey('ecdsa');
    const nextSigner = signerFromPrivateKey(next, await rootCertificateKey(next, gun, now));
    const rotated = await rotateRoot(r.built.root, r.rootSigner, nextSigner, { gun, now });
    const withSnapshot = async (root: Buffer) => {
      const files = new Map(r.built.files).set('root', root);
      return files.set('snapshot', await signMetadata(snapshotFor(files, { version: 2, now }), [r.snapshot]));
    };
    const current = r.built.files.get('root')!;
    const vouched = await withSnapshot(rotated.file);
    expect(() => checkChangeLocally(change(vouched, current))).not.toThrow();
    const unvouched = await withSnapshot(await signMetadata(rotated.signed, [nextSigner]));
    expect(() => checkChangeLocally(change(unvouched, current))).toThrow(/not signed by the current root key/);
    // The same root again as version 3 would skip a version.
    const skipping = await withSnapshot(await signMetadata({ ...rotated.signed, version: 3 }, [r.rootSigner, nextSigner]));
    expect(() => checkChangeLocally(change(skipping, current))).toThrow(/version 3, not 1 \+ 1/);
  });

  it('refuses targets signed by a key root does not list, and a snapshot that does not cover the new targets', async () => {
    const r = await repository();
    const stranger = signerFromPrivateKey(generatePrivateKey('ecdsa'));
    const foreign = await resignTargets(r.built.targets, {}, stranger, { now });
    expect(() => checkChangeLocally(change(new Map(r.built.files).set('targets', foreign.file)))).toThrow(/does not verify locally.*THRESHOLD_NOT_MET \[targets\]/);
    const fine = await resignTargets(r.built.targets, {}, r.targets, { now });
    expect(() => checkChangeLocally(change(new Map(r.built.files).set('targets', fine.file)))).toThrow(/HASH_MISMATCH|LENGTH_MISMATCH/);
  });

  it('a rotated targets key: root names it, targets signed by it, snapshot over both', async () => {
    const r = await repository();
    const next = generatePrivateKey('ecdsa');
    const root = rotateRole(r.built.root, 'targets', publicTufKey(next), now);
    const files = new Map(r.built.files).set('root', await signMetadata(root, [r.rootSigner]));
    files.set('targets', (await resignTargets(r.built.targets, {}, signerFromPrivateKey(next), { now })).file);
    files.set('snapshot', await signMetadata(snapshotFor(files, { version: 2, now }), [r.snapshot]));
    expect(() => checkChangeLocally(change(files, r.built.files.get('root')!))).not.toThrow();
  });
});
