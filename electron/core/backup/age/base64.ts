// age uses standard base64 without padding, and only the canonical encoding: the header MAC is computed over a
// re-serialised header in Go age, so any other spelling of the same bytes must be rejected, not accepted.

const BASE64_ALPHABET_ONLY = /^[A-Za-z0-9+/]*$/;

export function encodeBase64NoPadding(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64').replace(/=+$/, '');
}

/** The decoded bytes, or null when the text is not canonical unpadded standard base64. */
export function decodeBase64Strict(text: string): Buffer | null {
  if (!BASE64_ALPHABET_ONLY.test(text) || text.length % 4 === 1) return null;
  const bytes = Buffer.from(text, 'base64');
  // Node ignores stray bits in the last character; re-encoding shows whether they were zero.
  return encodeBase64NoPadding(bytes) === text ? bytes : null;
}
