/** What `age -p` uses: about a second of scrypt on a modern machine. */
export const AGE_WORK_FACTOR = 18;
/** 2^20 scrypt with r = 8 needs 1 GiB of memory; a file asking for more could exhaust the machine, so it is refused. */
export const AGE_MAX_WORK_FACTOR = 20;

export const AGE_INTRO = 'age-encryption.org/v1\n';
export const FILE_KEY_BYTES = 16;
export const PAYLOAD_NONCE_BYTES = 16;
export const CHUNK_PLAINTEXT_BYTES = 64 * 1024;
export const AEAD_TAG_BYTES = 16;
export const CHUNK_CIPHERTEXT_BYTES = CHUNK_PLAINTEXT_BYTES + AEAD_TAG_BYTES;
