import { createHmac, randomBytes } from 'node:crypto';
import { lstatSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { LeftoverInfo, LeftoverOutcome } from '../../../shared/dto/leftovers';
import { VaultError } from '../errors';
import { readRegularFile } from '../fs/read-regular-file';
import { classifyKeyFile } from '../keys/store/classify';
import { MAX_KEY_FILE_BYTES } from '../keys/store/layout';
import { findLeftovers, type Leftover, promoteLeftover, removeLeftovers } from './leftovers';

interface Found {
  info: LeftoverInfo;
  leftover: Leftover;
}

/**
 * The app's side of leftovers (issue 13, point 3). The renderer names a leftover only by the opaque ID `list` gave
 * it: an HMAC, under a secret this process made, of the trust folder, the file's path and its identity (device,
 * inode, size, times). Before acting, core lists again and acts only on files whose ID it computes now: a forged ID
 * matches nothing, an ID from another trust folder matches nothing there, and one for a file that changed, was
 * collected or replaced since is stale. Paths never cross IPC; the renderer sees names relative to a known folder.
 */
export class LeftoverService {
  private readonly secret = randomBytes(32);

  constructor(private readonly opts: { dataDir: string; now: () => Date }) {}

  list(trustDir: string): LeftoverInfo[] {
    return this.scan(trustDir).map((f) => f.info);
  }

  promote(trustDir: string, id: string): LeftoverOutcome {
    const [found] = this.resolve(trustDir, [id]);
    if (!found!.info.onlyCopyOf) {
      throw new VaultError('INVALID_ARGUMENT', `The leftover of ${found!.info.target} is not a key file whose key is missing: there is nothing to put in place (remove it instead)`);
    }
    promoteLeftover(found!.leftover);
    return { promoted: [found!.info.onlyCopyOf.keyId], removed: [], leftovers: this.list(trustDir) };
  }

  remove(trustDir: string, ids: string[], insist: boolean): LeftoverOutcome {
    const found = this.resolve(trustDir, [...new Set(ids)]);
    // Checked for all before any goes: a refusal leaves every file where it was.
    const keyHolder = insist ? undefined : found.find((f) => f.info.onlyCopyOf);
    if (keyHolder) {
      throw new VaultError(
        'CONFIRMATION_REQUIRED',
        `The leftover of ${keyHolder.info.target} holds the only copy of key ${keyHolder.info.onlyCopyOf!.keyId}: put it in place, or confirm that this key may be lost. Nothing was removed.`,
      );
    }
    removeLeftovers(found.map((f) => f.leftover), { insist: true });
    return { promoted: [], removed: found.map((f) => f.info.target), leftovers: this.list(trustDir) };
  }

  /** The current leftovers with these IDs, all of them, or an error that changes nothing. */
  private resolve(trustDir: string, ids: string[]): Found[] {
    const current = new Map(this.scan(trustDir).map((f) => [f.info.id, f]));
    return ids.map((id) => {
      const f = current.get(id);
      if (!f) {
        throw new VaultError(
          'NOT_FOUND',
          'No such leftover in this trust folder: it changed or was collected since it was listed, or the ID did not come from this app. Nothing was changed; list the leftovers again.',
        );
      }
      return f;
    });
  }

  private scan(trustDir: string): Found[] {
    const priv = join(trustDir, 'private');
    return findLeftovers([priv, this.opts.dataDir], this.opts.now()).flatMap((leftover) => {
      const st = lstatSync(leftover.path, { throwIfNoEntry: false });
      if (!st) return [];
      const inPrivate = within(priv, leftover.target);
      const root = inPrivate ? priv : this.opts.dataDir;
      const identity = [trustDir, leftover.path, st.dev, st.ino, st.size, st.mtimeMs, st.ctimeMs].join('\0');
      const info: LeftoverInfo = {
        id: createHmac('sha256', this.secret).update(identity).digest('base64url').slice(0, 32),
        kind: leftover.kind,
        folder: inPrivate ? 'trustDir' : 'dataDir',
        target: relative(root, leftover.target).split(sep).join('/'),
        bytes: leftover.bytes,
        modifiedAt: leftover.modifiedAt,
        onlyCopyOf: leftover.uniqueKeyId ? { keyId: leftover.uniqueKeyId, ...roleAndGun(leftover.path) } : null,
      };
      return [{ info, leftover }];
    });
  }
}

const within = (dir: string, path: string): boolean => {
  const r = relative(dir, path);
  return r !== '' && !r.startsWith('..') && !isAbsolute(r);
};

/** The role and GUN the key file's PEM headers name, for the person to recognise the key. */
function roleAndGun(path: string): { role: string | null; gun: string | null } {
  const r = readRegularFile(path, MAX_KEY_FILE_BYTES);
  if (r.kind !== 'ok') return { role: null, gun: null };
  const c = classifyKeyFile(r.bytes, null);
  return { role: c.role, gun: c.gun };
}
