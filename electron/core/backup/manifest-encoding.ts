import type { BackupManifest } from './manifest';

/**
 * The manifest's bytes, exactly `JSON.stringify(manifest, null, 2) + '\n'` (encodeManifest), made a piece at a
 * time: the key list grows about 360 bytes a key, so a backup of 100,000 keys would otherwise build a 36 MB string
 * and a buffer of it. Each piece is at most `batchBytes` (plus one key's entry).
 */
export function* manifestPieces(manifest: BackupManifest, batchBytes = 64 * 1024): Generator<Buffer> {
  // The key list's place in the rest of the document, which is small (roots and archives are a few per repository).
  const mark = '\u0000keys\u0000';
  const text = `${JSON.stringify({ ...manifest, keys: mark }, null, 2)}\n`;
  const at = text.indexOf(JSON.stringify(mark));
  const { keys } = manifest;
  let batch: string[] = [text.slice(0, at)];
  let batched = batch[0]!.length;
  if (keys.length === 0) batch.push('[]');
  for (let i = 0; i < keys.length; i++) {
    // An array inside the top-level object: "[" on the key's line, items 4 spaces in, "]" 2 spaces in.
    const item = JSON.stringify(keys[i], null, 2).replace(/^/gm, '    ');
    const piece = `${i === 0 ? '[\n' : ',\n'}${item}${i === keys.length - 1 ? '\n  ]' : ''}`;
    batch.push(piece);
    batched += piece.length;
    if (batched >= batchBytes) {
      yield Buffer.from(batch.join(''), 'utf8');
      batch = [];
      batched = 0;
    }
  }
  batch.push(text.slice(at + JSON.stringify(mark).length));
  yield Buffer.from(batch.join(''), 'utf8');
}

/** The manifest's size in bytes, without holding it whole. */
export function manifestBytes(manifest: BackupManifest): number {
  let n = 0;
  for (const piece of manifestPieces(manifest)) n += piece.length;
  return n;
}
