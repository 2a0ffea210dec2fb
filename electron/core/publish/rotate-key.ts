import { VaultError } from '../errors';
import type { PrivateKey } from '../keys/private-key';
import { findKeyFiles } from '../keys/store/scan';
import type { ServerOptions } from '../notary/http-client';
import { NotaryPublisherClient } from '../notary/publisher-client';
import { readTufKey } from '../tuf/tuf-key';
import type { RolePassphrases } from './init-repo';
import { type PublicTufKey, publicTufKey, rootCertificateKey } from './metadata/keys';
import { resignTargets, rotateRole, rotateRoot, snapshotFor } from './metadata/repo-builder';
import type { BaseRole, RootSigned } from './metadata/roles';
import { signMetadata } from './metadata/sign';
import { type MetadataSigner, signerFromPrivateKey } from './metadata/signer';
import { publishChange, type PublishOutcome } from './publish-transaction';
import { type RepoState, loadRepoState, stateFiles } from './repo-state';
import { newPendingKey, type PendingKey, signerForRole } from './role-signers';

export interface RotateOptions {
  server: ServerOptions;
  /** For `snapshot`: hand the snapshot to the server (`POST snapshot.key`) instead of a new local key. */
  serverManaged?: boolean;
  /** root: always needed (root signs every rotation); the rotated role's: for its new key file (and snapshot's to re-sign). */
  passphrases: RolePassphrases;
  now?: Date;
  /** The app's data dir: the change is recorded there as pending until the server took it (issue 13). */
  dataDir: string;
}

export interface RotateResult extends PublishOutcome {
  gun: string;
  role: BaseRole;
  /** The key the role is listed under now (for root: the certificate's ID). */
  newKeyId: string;
  /** The IDs root.json lists per role after the rotation. */
  keys: Record<BaseRole, string[]>;
  snapshotOnServer: boolean;
}

/** Who signs the snapshot now: a key file in the trust dir, or the server. */
type SnapshotSigning = { kind: 'local'; signer: MetadataSigner; key: PrivateKey } | { kind: 'server' };

/**
 * `notary key rotate GUN ROLE [-r]`: a new key for a role, with the root key vouching for it.
 * - targets: a new local key; root lists it; targets re-signed by it; the old targets key file is removed.
 * - snapshot: a new local key, or (serverManaged) the server's new one; the old local key file is removed.
 * - timestamp: the server's new key (`POST timestamp.key`).
 * - root: a new root key file and certificate; the new root is signed by the old and the new key; the old key file
 *   stays (notary keeps it).
 * A local snapshot is re-signed over the new files. Everything goes through publishChange: checked locally, then
 * published, then key files and cache. A rotation of timestamp or of snapshot to the server asks the server for a
 * new key first, as notary does; if the publish then fails, that key is simply never used.
 */
export async function rotateKey(trustDir: string, gun: string, role: BaseRole, o: RotateOptions): Promise<RotateResult> {
  if (o.serverManaged && role !== 'snapshot' && role !== 'timestamp') throw new VaultError('INVALID_ARGUMENT', `the server can hold only the snapshot and timestamp keys, not ${role}`);
  const now = o.now ?? new Date();
  const state = await loadRepoState(trustDir, gun, o.server, now);
  const client = new NotaryPublisherClient(gun, o.server);
  const root = signerForRole(trustDir, state.root.signed, 'root', o.passphrases.root);
  const toWipe: PrivateKey[] = [root.key];
  const newKeys: PendingKey[] = [];
  const fresh = (r: PendingKey['role'], passphrase: string | undefined): PendingKey => {
    const k = newPendingKey(r, gun, passphrase);
    newKeys.push(k);
    toWipe.push(k.key);
    return k;
  };
  try {
    const current = state.root.signed;
    const files = new Map<string, Buffer>();
    let snapshot: SnapshotSigning;
    let newKeyId: string;
    let retired: string[] = [];
    let newRoot: RootSigned;

    if (role === 'root') {
      const k = fresh('root', o.passphrases.root);
      const cert = await rootCertificateKey(k.key, gun, now);
      const rotated = await rotateRoot(current, root.signer, signerFromPrivateKey(k.key, cert), { gun, now });
      newRoot = rotated.signed;
      files.set('root', rotated.file);
      newKeyId = cert.id;
      snapshot = await snapshotSigning(trustDir, state, client, o.passphrases.snapshot);
    } else if (role === 'snapshot') {
      let listed: PublicTufKey;
      if (o.serverManaged) {
        listed = await client.rotateServerKey('snapshot');
        snapshot = { kind: 'server' };
      } else {
        const k = fresh('snapshot', o.passphrases.snapshot);
        listed = publicTufKey(k.key);
        snapshot = { kind: 'local', signer: signerFromPrivateKey(k.key), key: k.key };
      }
      newRoot = rotateRole(current, 'snapshot', listed, now);
      files.set('root', await signMetadata(newRoot, [root.signer]));
      newKeyId = listed.id;
      retired = current.roles.snapshot.keyids;
    } else if (role === 'timestamp') {
      // The snapshot signer first: a lost snapshot key is found before the server is asked for a new key.
      snapshot = await snapshotSigning(trustDir, state, client, o.passphrases.snapshot);
      const listed = await client.rotateServerKey('timestamp');
      newRoot = rotateRole(current, 'timestamp', listed, now);
      files.set('root', await signMetadata(newRoot, [root.signer]));
      newKeyId = listed.id;
    } else {
      const k = fresh('targets', o.passphrases.targets);
      const listed = publicTufKey(k.key);
      newRoot = rotateRole(current, 'targets', listed, now);
      files.set('root', await signMetadata(newRoot, [root.signer]));
      files.set('targets', (await resignTargets(state.targets.signed, {}, signerFromPrivateKey(k.key), { now })).file);
      newKeyId = listed.id;
      retired = current.roles.targets.keyids;
      snapshot = await snapshotSigning(trustDir, state, client, o.passphrases.snapshot);
    }
    if (snapshot.kind === 'local') {
      toWipe.push(snapshot.key);
      files.set('snapshot', await resignSnapshot(state, files, snapshot.signer, now));
    }

    const outcome = await publishChange({ trustDir, gun, server: o.server, current: state, files, serverSignsSnapshot: snapshot.kind === 'server', newKeys, retiredKeyIds: retired, now, dataDir: o.dataDir, action: `rotate ${role}` });
    return {
      ...outcome,
      gun,
      role,
      newKeyId,
      keys: Object.fromEntries(Object.entries(newRoot.roles).map(([r, v]) => [r, v.keyids])) as Record<BaseRole, string[]>,
      snapshotOnServer: snapshot.kind === 'server',
    };
  } finally {
    for (const k of toWipe) k.wipe();
  }
}

/** The next snapshot over the repository with the changed files, signed by the (possibly new) local snapshot key. */
async function resignSnapshot(state: RepoState, changed: Map<string, Buffer>, signer: MetadataSigner, now: Date): Promise<Buffer> {
  const all = stateFiles(state);
  for (const [r, b] of changed) all.set(r, b);
  return signMetadata(snapshotFor(all, { version: state.snapshot.signed.version + 1, now }), [signer]);
}

/**
 * A local snapshot key file listed by root, or else the server's snapshot key when it is the one root lists. A
 * listed key that is neither is lost: the snapshot has to be rotated first (to the server or a new key).
 */
async function snapshotSigning(trustDir: string, state: RepoState, client: NotaryPublisherClient, passphrase: string | undefined): Promise<SnapshotSigning> {
  const ids = state.root.signed.roles.snapshot.keyids;
  const local = ids.some((id) => findKeyFiles(trustDir, readTufKey(state.root.signed.keys[id]).canonicalId ?? id).some((f) => f.status === 'ok'));
  if (local) {
    const s = signerForRole(trustDir, state.root.signed, 'snapshot', passphrase);
    return { kind: 'local', signer: s.signer, key: s.key };
  }
  // GET snapshot.key would make the server a snapshot key if it had none; it is only asked when no file is here.
  const server = await client.serverKey('snapshot');
  if (ids.includes(server.id)) return { kind: 'server' };
  throw new VaultError('NOT_FOUND', `the snapshot key ${ids.join(', ')} is neither in ${trustDir} nor held by the server: rotate the snapshot key first (to the server or a new local key)`);
}
