import { VaultError } from '../errors';
import type { PrivateKey } from '../keys/private-key';
import { listKeys } from '../keys/store/scan';
import type { ServerOptions } from '../notary/http-client';
import { NotaryPublisherClient } from '../notary/publisher-client';
import { chooseRootKeyForNewRepository } from '../token/root-key-choice';
import { isSafeGun } from '../tuf/gun';
import { publicTufKey, rootCertificateKey } from './metadata/keys';
import { buildNewRepository } from './metadata/repo-builder';
import { signerFromPrivateKey } from './metadata/signer';
import { publishChange, type PublishOutcome } from './publish-transaction';
import { decryptKeyFile, newPendingKey, type PendingKey } from './role-signers';

export interface RolePassphrases {
  root?: string | undefined;
  targets?: string | undefined;
  snapshot?: string | undefined;
  delegation?: string | undefined;
}

export interface InitOptions {
  server: ServerOptions;
  /** Who signs the snapshot: a new local key, or the server (`GET snapshot.key`). */
  snapshot: 'local' | 'server';
  /** root: of the existing root key file, or for the new one; targets and snapshot: for the new key files. */
  passphrases: RolePassphrases;
  now?: Date;
}

export interface InitResult extends PublishOutcome {
  gun: string;
  /** The IDs per role: root as metadata lists it (the certificate's) and as its key file is named. */
  keys: { root: { id: string; canonicalId: string; reused: boolean }; targets: string; snapshot: string; snapshotOnServer: boolean; timestamp: string };
}

/**
 * `notary init` + `notary publish` for a new repository. The root key is the one chooseRootKeyForNewRepository
 * picks: an existing root key file (every GUN of a trust dir shares it, as with notary), else a new key file.
 * Tokens are not wired through here yet: a root key only on a token is not used. The root certificate names the
 * GUN; targets is a new local key; snapshot a new local key or the server's; timestamp always the server's. The
 * server must not have trust data for the GUN yet.
 */
export async function initRepository(trustDir: string, gun: string, o: InitOptions): Promise<InitResult> {
  if (!isSafeGun(gun)) throw new VaultError('INVALID_ARGUMENT', `not a repository name: ${JSON.stringify(gun)}`);
  const now = o.now ?? new Date();
  const client = new NotaryPublisherClient(gun, o.server);
  await client.ping();
  if (await client.fetchRole('root')) throw new VaultError('ALREADY_EXISTS', `${gun} already has trust data on ${client.server}; rotate its keys instead`);

  const newKeys: PendingKey[] = [];
  const choice = chooseRootKeyForNewRepository(listKeys(trustDir), []);
  let rootKey: PrivateKey;
  if (choice.kind === 'existing' && choice.location === 'file') rootKey = decryptKeyFile(trustDir, choice.keyId, o.passphrases.root, 'the root key');
  else if (choice.kind === 'new-file') {
    const pending = newPendingKey('root', gun, o.passphrases.root);
    newKeys.push(pending);
    rootKey = pending.key;
  } else throw new VaultError('UNSUPPORTED_KEY', 'the root key is on a hardware token, which repo init cannot sign with yet');

  const targets = newPendingKey('targets', gun, o.passphrases.targets);
  newKeys.push(targets);
  const snapshot = o.snapshot === 'local' ? newPendingKey('snapshot', gun, o.passphrases.snapshot) : null;
  if (snapshot) newKeys.push(snapshot);
  try {
    const cert = await rootCertificateKey(rootKey, gun, now);
    const timestamp = await client.serverKey('timestamp');
    const snapshotKey = snapshot ? signerFromPrivateKey(snapshot.key) : { server: await client.serverKey('snapshot') };
    const built = await buildNewRepository({
      gun,
      root: signerFromPrivateKey(rootKey, cert),
      targets: signerFromPrivateKey(targets.key),
      snapshot: snapshotKey,
      timestamp,
      now,
    });
    const outcome = await publishChange({ trustDir, gun, server: o.server, current: null, files: built.files, serverSignsSnapshot: !snapshot, newKeys, retiredKeyIds: [], now });
    return {
      ...outcome,
      gun,
      keys: {
        root: { id: cert.id, canonicalId: rootKey.id, reused: choice.kind === 'existing' },
        targets: targets.key.id,
        snapshot: 'server' in snapshotKey ? snapshotKey.server.id : publicTufKey(snapshot!.key).id,
        snapshotOnServer: !snapshot,
        timestamp: timestamp.id,
      },
    };
  } finally {
    rootKey.wipe();
    for (const k of newKeys) k.key.wipe();
  }
}
