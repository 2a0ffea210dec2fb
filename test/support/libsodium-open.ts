import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * An independent reader of cosign's encrypted key format, for tests: Debian's libsodium (its own scrypt and
 * crypto_secretbox) called from python3 through ctypes, following the format go-securesystemslib documents
 * (JSON kdf/cipher/ciphertext, scrypt(passphrase, salt, N, r, p) -> 32-byte key, secretbox = tag || box).
 * None of the vault's code is involved. Returns the plaintext (PKCS#8 DER), or null when libsodium refuses it.
 */

const LIB = '/usr/lib/x86_64-linux-gnu/libsodium.so.23';
export const libsodiumAvailable = existsSync(LIB) && existsSync('/usr/bin/python3');

const SCRIPT = String.raw`
import base64, ctypes, json, os, sys
lib = ctypes.CDLL(sys.argv[1])
assert lib.sodium_init() >= 0
doc = json.loads(sys.stdin.read())
kdf, cipher = doc["kdf"], doc["cipher"]
assert kdf["name"] == "scrypt" and cipher["name"] == "nacl/secretbox"
salt = base64.b64decode(kdf["salt"]); nonce = base64.b64decode(cipher["nonce"]); box = base64.b64decode(doc["ciphertext"])
pw = os.environ["TV_TEST_PASSPHRASE"].encode()
key = ctypes.create_string_buffer(32)
rc = lib.crypto_pwhash_scryptsalsa208sha256_ll(pw, ctypes.c_size_t(len(pw)), salt, ctypes.c_size_t(len(salt)),
    ctypes.c_uint64(kdf["params"]["N"]), ctypes.c_uint32(kdf["params"]["r"]), ctypes.c_uint32(kdf["params"]["p"]), key, ctypes.c_size_t(32))
assert rc == 0
out = ctypes.create_string_buffer(len(box) - 16)
rc = lib.crypto_secretbox_open_easy(out, box, ctypes.c_ulonglong(len(box)), nonce, key)
print("REFUSED" if rc != 0 else out.raw.hex())
`;

export function libsodiumOpenCosignPayload(json: Buffer, passphrase: string): Buffer | null {
  const out = execFileSync('/usr/bin/python3', ['-c', SCRIPT, LIB], {
    input: json,
    env: { PATH: '/usr/bin:/bin', TV_TEST_PASSPHRASE: passphrase },
    encoding: 'utf8',
  }).trim();
  return out === 'REFUSED' ? null : Buffer.from(out, 'hex');
}
