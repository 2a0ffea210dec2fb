/**
 * Pads a gzip file to a whole number of age payload chunks (64 KiB) with a gzip header comment, which every gzip
 * reader skips. Why: age authenticates each 64 KiB chunk, and only a complete chunk can be checked. When every
 * chunk of a vault backup is full-size, a file that ends inside a chunk was cut short (BACKUP_TRUNCATED), and a
 * full chunk that fails its check was altered (BACKUP_DAMAGED): the two get their own error.
 */

export const AGE_CHUNK_BYTES = 64 * 1024;

const FLG_FCOMMENT = 0x10;
const GZIP_FIXED_HEADER = 10;
const PAD_TEXT = 'trust-vault backup: padded to whole 64 KiB chunks ';

export function padGzipToChunks(gzip: Buffer, chunk = AGE_CHUNK_BYTES): Buffer {
  if (gzip.length < GZIP_FIXED_HEADER || gzip[0] !== 0x1f || gzip[1] !== 0x8b) throw new Error('not a gzip stream');
  // Only our own gzip (no optional fields) is padded: the comment then goes right after the fixed header.
  if (gzip[3] !== 0) throw new Error('gzip header already has optional fields');
  const commentBytes = (chunk - ((gzip.length + 1) % chunk)) % chunk; // + 1 for the comment's terminating NUL
  const comment = Buffer.alloc(commentBytes + 1, 0x20);
  Buffer.from(PAD_TEXT, 'latin1').copy(comment, 0, 0, Math.min(PAD_TEXT.length, commentBytes));
  comment[commentBytes] = 0;
  const header = Buffer.from(gzip.subarray(0, GZIP_FIXED_HEADER));
  header[3] = FLG_FCOMMENT;
  return Buffer.concat([header, comment, gzip.subarray(GZIP_FIXED_HEADER)]);
}

/** A gzip member: fixed header with FCOMMENT (10), the comment's NUL (1), an empty deflate block (2), CRC and size (8). */
const EMPTY_MEMBER_BYTES = 21;

/**
 * The same padding for a gzip written as a stream, whose length is known only at its end: one more gzip member
 * that holds nothing, its header comment sized so the file ends on a whole chunk. gzip readers (GNU gzip, so
 * `tar -xz`, and zlib's gunzip) read concatenated members as one stream, and this one adds no bytes to it.
 */
export function paddingMember(bytesSoFar: number, chunk = AGE_CHUNK_BYTES): Buffer {
  let size = (chunk - (bytesSoFar % chunk)) % chunk;
  if (size < EMPTY_MEMBER_BYTES) size += chunk;
  const commentBytes = size - EMPTY_MEMBER_BYTES;
  const member = Buffer.alloc(size, 0x20);
  Buffer.from([0x1f, 0x8b, 8, FLG_FCOMMENT, 0, 0, 0, 0, 0, 255]).copy(member, 0);
  Buffer.from(PAD_TEXT, 'latin1').copy(member, GZIP_FIXED_HEADER, 0, Math.min(PAD_TEXT.length, commentBytes));
  member[GZIP_FIXED_HEADER + commentBytes] = 0;
  // An empty final block with fixed Huffman codes, then CRC-32 and length of nothing: zeros.
  member.set([0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0], GZIP_FIXED_HEADER + commentBytes + 1);
  return member;
}
