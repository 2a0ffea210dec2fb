import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type { ChosenBackupFile } from '../../../shared/dto/backups';
import { VaultError, ioError } from '../errors';
import { fileKindOf } from './open-backup';

const MAX_KEPT = 16;

/** Backup files chosen in main's open dialog, kept by a random ID so the renderer never names a path. */
export class ChosenFiles {
  readonly #paths = new Map<string, string>();

  add(path: string): ChosenBackupFile {
    let size: number;
    try {
      const st = statSync(path);
      if (!st.isFile()) throw new VaultError('NOT_A_BACKUP', `${path} is not a file`);
      size = st.size;
    } catch (e) {
      throw e instanceof VaultError ? e : ioError('Could not open', path, e);
    }
    const fileId = randomBytes(12).toString('base64url');
    this.#paths.set(fileId, path);
    while (this.#paths.size > MAX_KEPT) this.#paths.delete(this.#paths.keys().next().value as string);
    return { fileId, name: basename(path), size, kind: fileKindOf(path) };
  }

  path(fileId: string): string {
    const path = this.#paths.get(fileId);
    if (!path) throw new VaultError('NOT_FOUND', 'That file choice has expired: choose the backup file again');
    return path;
  }
}
