import { consumerNotice } from '../../../shared/dto/recovery';
import { VaultError } from '../errors';
import { pinnedRootKeyIds } from '../trust-reset';

export { consumerNotice, consumerWarning } from '../../../shared/dto/recovery';

/**
 * The consumer notice for a repository the publisher has just initialised again: the new root key ID is read from
 * the root the publisher's own trust dir now pins, so it cannot be mistyped. The ID is the one root.json lists
 * (`docker trust inspect` shows it as "Root Key").
 */
export function consumerNoticeFromCache(trustDir: string, gun: string, server: string): { rootKeyId: string; text: string } {
  const pinned = pinnedRootKeyIds(trustDir, gun);
  const key = pinned.keys[0];
  if (!key) throw new VaultError('NOT_FOUND', `no root key can be read from the cached root of ${gun}${pinned.error ? `: ${pinned.error}` : ''}`);
  if (pinned.keys.length > 1) throw new VaultError('INVALID_ARGUMENT', `the cached root of ${gun} lists ${pinned.keys.length} root keys: name the new one with --id`);
  return { rootKeyId: key.id, text: consumerNotice(gun, key.id, server) };
}
