import type { LeftoverInfo } from '../../../../../shared/dto/leftovers';

/** Words for a leftover, so the panel and the remove dialog say the same thing. */

export const shortId = (id: string): string => id.slice(0, 12);

/** "root key for example.com/app", "targets key", "key": what the PEM headers say the key is. */
export function keyWords(k: NonNullable<LeftoverInfo['onlyCopyOf']>): string {
  const role = k.role ? `${k.role} key` : 'key';
  return k.gun ? `${role} for ${k.gun}` : role;
}

export const folderWords = (l: LeftoverInfo): string => (l.folder === 'trustDir' ? "the trust folder's private/" : "the app's data folder");

export function sizeWords(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function whenWords(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/** One line for a leftover that holds no key of its own: what was being written, where, when. */
export const plainWords = (l: LeftoverInfo): string =>
  `An unfinished ${l.kind === 'temp' ? 'copy' : 'write'} of ${l.target} in ${folderWords(l)} (${sizeWords(l.bytes)}, ${whenWords(l.modifiedAt)}).`;
