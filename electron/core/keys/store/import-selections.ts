import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import type { ImportFilePreview, ImportSelection } from '../../../../shared/dto/keys';
import { VaultError } from '../../errors';
import { readExistingFile } from '../../fs/read-regular-file';
import { previewImportFile, type ImportSource } from './import-preview';

/** A bundle of 10,000 RSA keys stays under this; anything bigger is not a key file. */
export const MAX_IMPORT_FILE_BYTES = 32 * 1024 * 1024;

/**
 * A file the person chose to import (a link they named is followed to its target), as text: a pipe, a device or
 * a file over MAX_IMPORT_FILE_BYTES is refused before anything is read (FILE_REFUSED names it and the limit).
 */
export function readImportFile(path: string): string {
  return readExistingFile(path, { what: 'the import file', maxBytes: MAX_IMPORT_FILE_BYTES, followLinks: true }).toString('utf8');
}
const MAX_KEPT = 8;

/**
 * Files chosen in main's open dialog, read once and kept in memory under a random ID, so the renderer can preview
 * them and then import by ID without ever naming a path.
 */
export class ImportSelections {
  readonly #kept = new Map<string, ImportSource[]>();

  choose(paths: string[]): ImportSelection {
    const files: ImportFilePreview[] = [];
    const sources: ImportSource[] = [];
    for (const path of paths) {
      const name = basename(path);
      let text: string;
      try {
        text = readImportFile(path);
      } catch (e) {
        files.push({ name, blocks: [], problem: e instanceof Error ? e.message : 'unreadable' });
        continue;
      }
      const { preview, sources: s } = previewImportFile(name, text);
      files.push(preview);
      sources.push(...s);
    }
    const selectionId = randomBytes(16).toString('base64url');
    this.#kept.set(selectionId, sources);
    while (this.#kept.size > MAX_KEPT) this.#kept.delete(this.#kept.keys().next().value as string);
    return { selectionId, files };
  }

  /** Forgets every selection (the vault locked): unencrypted keys among them leave memory. */
  clear(): void {
    this.#kept.clear();
  }

  /** The blocks, kept: an import that opened nothing (a wrong passphrase) can be tried again with the same files. */
  peek(selectionId: string): ImportSource[] {
    const sources = this.#kept.get(selectionId);
    if (!sources) throw new VaultError('NOT_FOUND', 'That file selection has expired: choose the files again');
    return sources;
  }

  /** Forgets a selection once it was imported, so it cannot be imported twice. */
  drop(selectionId: string): void {
    this.#kept.delete(selectionId);
  }

  /** Hands the blocks over once; a selection cannot be imported twice. */
  take(selectionId: string): ImportSource[] {
    const sources = this.#kept.get(selectionId);
    if (!sources) throw new VaultError('NOT_FOUND', 'That file selection has expired: choose the files again');
    this.#kept.delete(selectionId);
    return sources;
  }
}
