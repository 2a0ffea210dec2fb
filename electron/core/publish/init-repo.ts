import { VaultError } from '../errors';
import type { PrivateKey } from '../keys/private-key';
import { listKeys } from '../keys/store/scan';
import type { ServerOptions } from '../notary/http-client';
import { NotaryPublisherClient } from '../notary/publisher-client';
import type { TokenInfo } from '../../../shared/dto/tokens';
import { chooseRootKeyForNewRepository } from '../token/root-key-choice';
import { createRootOnToken } from '../token/root-on-token';
import type { TokenClient } from '../token/token-client';
import { isSafeGun } from '../tuf/gun';
import { publicTufKey, rootCertificateKey } from './metadata/keys';
import { buildNewRepository } from './metadata/repo-builder';
import { signerFromPrivateKey } from './metadata/signer';
import { publishChange, type PublishOutcome } from './publish-transaction';
import { decryptKeyFile, newPendingKey, type PendingKey } from './role-signers';
import { openTokenRootKey, tokenRootCertificate, tokenRootSigner, type TokenRootKey } from './token-root-signer';

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
  /** The token process and the tokens last listed: a root key on a token (or a new one made there) signs root. */
  tokens?: { client: TokenClient; known: TokenInfo[] } | undefined;
  now?: Date;
  /** The app's data dir: the change is recorded there as pending until the server took it (issue 13). */
  dataDir: string;
}

export interface InitResult extends PublishOutcome {
  gun: string;
  /** Where the private root key that signed root.json is. */
  rootOn: 'token' | 'file';
  /** The IDs per role: root as metadata lists it (the certificate's) and as its key file is named. */
  keys: { root: { id: string; canonicalId: string; reused: boolean }; targets: string; snapshot: string; snapshotOnServer: boolean; timestamp: string };
}

/**
 * `notary init` + `notary publish` for a new repository. The root key is the one chooseRootKeyForNewRepository
 * picks, in notary's order: an existing root key (every GUN of a trust dir shares it), signing on a logged-in token
 * that holds a copy of it before the key file; else a new root key on a token (imported notary's way, with its
 * encrypted backup in the trust dir; the token must be logged in: TOKEN_PIN_REQUIRED); else a new key file. Made
 * on a token, the root key stays there (and its backup on disk) even when the publish fails, as with notary init,
 * and a retry reuses it. The root certificate names the GUN; targets is a new local key; snapshot a new local key or
 * the server's; timestamp always the server's. The server must not have trust data for the GUN yet.
 */
export async function initRepository(trustDir: string, gun: string, o: InitOptions): Promise<InitResult> {
  if (!isSafeGun(gun)) throw new VaultError('INVALID_ARGUMENT', `not a repository name: ${JSON.stringify(gun)}`);
  const now = o.now ?? new Date();
  const client = new NotaryPublisherClient(gun, o.server);
  await client.ping();
  if (await client.fetchRole('root')) throw new VaultError('ALREADY_EXISTS', `${gun} already has trust data on ${client.server}; rotate its keys instead`);

  const newKeys: PendingKey[] = [];
  const tokens = o.tokens;
  const choice = chooseRootKeyForNewRepository(listKeys(trustDir), tokens?.known ?? []);
  const tokenOf = (id: string | null) => (id === null ? undefined : tokens?.known.find((t) => t.id === id));
  let rootKey: PrivateKey | null = null;
  let onToken: TokenRootKey | null = null;
  if (choice.kind === 'existing' && choice.location === 'token') {
    const token = tokenOf(choice.tokenId);
    // A key file beside the token copy signs only when the token is not logged in (as signWithKey does).
    const hasFile = listKeys(trustDir).some((k) => k.id === choice.keyId && k.role === 'root' && k.status === 'ok');
    if (token && tokens && (!hasFile || (await tokens.client.isLoggedIn({ modulePath: token.modulePath, serial: token.serial })))) {
      onToken = await openTokenRootKey(tokens.client, token, choice.keyId);
    } else if (hasFile) rootKey = decryptKeyFile(trustDir, choice.keyId, o.passphrases.root, 'the root key');
    else throw new VaultError('TOKEN_NOT_PRESENT', `the root key ${choice.keyId} is on a token that is not connected: plug it in and try again`);
  } else if (choice.kind === 'existing') rootKey = decryptKeyFile(trustDir, choice.keyId, o.passphrases.root, 'the root key');
  else if (choice.kind === 'new-file') {
    const pending = newPendingKey('root', gun, o.passphrases.root);
    newKeys.push(pending);
    rootKey = pending.key;
  }

  const targets = newPendingKey('targets', gun, o.passphrases.targets);
  newKeys.push(targets);
  const snapshot = o.snapshot === 'local' ? newPendingKey('snapshot', gun, o.passphrases.snapshot) : null;
  if (snapshot) newKeys.push(snapshot);
  try {
    // After the other keys, so that a bad targets or snapshot passphrase leaves nothing on the token.
    if (choice.kind === 'new-on-token') onToken = await newRootOnToken(trustDir, tokenOf(choice.tokenId), tokens, o.passphrases.root, now);
    const cert = onToken ? await tokenRootCertificate(onToken, gun, now) : await rootCertificateKey(rootKey!, gun, now);
    const timestamp = await client.serverKey('timestamp');
    const snapshotKey = snapshot ? signerFromPrivateKey(snapshot.key) : { server: await client.serverKey('snapshot') };
    const built = await buildNewRepository({
      gun,
      root: onToken ? tokenRootSigner(onToken, cert) : signerFromPrivateKey(rootKey!, cert),
      targets: signerFromPrivateKey(targets.key),
      snapshot: snapshotKey,
      timestamp,
      now,
    });
    const outcome = await publishChange({ trustDir, gun, server: o.server, current: null, files: built.files, serverSignsSnapshot: !snapshot, newKeys, retiredKeyIds: [], now, dataDir: o.dataDir, action: 'init' });
    return {
      ...outcome,
      gun,
      rootOn: onToken ? 'token' : 'file',
      keys: {
        root: { id: cert.id, canonicalId: onToken ? onToken.id : rootKey!.id, reused: choice.kind === 'existing' },
        targets: targets.key.id,
        snapshot: 'server' in snapshotKey ? snapshotKey.server.id : publicTufKey(snapshot!.key).id,
        snapshotOnServer: !snapshot,
        timestamp: timestamp.id,
      },
    };
  } finally {
    rootKey?.wipe();
    for (const k of newKeys) k.key.wipe();
  }
}

/** A new root key on the token notary's way (imported, with the encrypted backup written to the trust dir). */
async function newRootOnToken(trustDir: string, token: TokenInfo | undefined, tokens: InitOptions['tokens'], passphrase: string | undefined, now: Date): Promise<TokenRootKey> {
  if (!token || !tokens) throw new VaultError('TOKEN_NOT_PRESENT', 'the token chosen for the new root key is not connected (any more)');
  const ref = { modulePath: token.modulePath, serial: token.serial };
  if (!(await tokens.client.isLoggedIn(ref))) {
    throw new VaultError(
      'TOKEN_PIN_REQUIRED',
      `The new root key is made on the token ${token.label}, as notary does: unlock it with its PIN first (or unplug it to use a root key file), then initialise the repository again`,
    );
  }
  const created = await createRootOnToken(tokens.client, ref, { trustDir, way: 'import', passphrase, now });
  return openTokenRootKey(tokens.client, token, created.id, created.ckaId);
}
