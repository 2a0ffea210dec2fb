import { randomBytes, scrypt } from 'node:crypto';
import { decodeBase64Strict, encodeBase64NoPadding } from './base64';
import { open, seal } from './chacha20-poly1305';
import { AEAD_TAG_BYTES, FILE_KEY_BYTES } from './constants';
import { backupDamaged, notABackup, wrongPassphrase } from './errors';
import type { DerivedKeys } from './derived-keys';
import type { Stanza } from './header';

const SCRYPT_LABEL = 'age-encryption.org/v1/scrypt';
const SALT_BYTES = 16;
const SCRYPT_BLOCK_SIZE = 8;
const WRAPPED_KEY_BYTES = FILE_KEY_BYTES + AEAD_TAG_BYTES;
/** The key-wrapping key is used once, so a fixed nonce is safe. */
const ZERO_NONCE = Buffer.alloc(12);
/** Decimal without leading zeros, as the age spec requires, so one work factor has one spelling. */
const WORK_FACTOR_SPELLING = /^[1-9][0-9]*$/;

/** scrypt with r = 8 needs 128 * r * N bytes; Node refuses past `maxmem`, so allow exactly that (plus slack). */
const scryptMemoryBytes = (workFactor: number): number => 128 * SCRYPT_BLOCK_SIZE * (2 ** workFactor + 2);

const describeMemory = (workFactor: number): string => {
  const bytes = 1024 * 2 ** workFactor;
  return bytes >= 2 ** 30 ? `${bytes / 2 ** 30} GiB` : `${bytes / 2 ** 20} MiB`;
};

/** Runs on libuv's thread pool: a second of scrypt must never block the main loop. */
async function deriveWrappingKey(passphrase: string, salt: Buffer, workFactor: number, memo?: DerivedKeys): Promise<Buffer> {
  const known = memo?.get(passphrase, salt, workFactor);
  if (known) return Buffer.from(known);
  const key = await runScrypt(passphrase, salt, workFactor);
  memo?.set(passphrase, salt, workFactor, key);
  return key;
}

function runScrypt(passphrase: string, salt: Buffer, workFactor: number): Promise<Buffer> {
  const labelledSalt = Buffer.concat([Buffer.from(SCRYPT_LABEL, 'latin1'), salt]);
  const options = { N: 2 ** workFactor, r: SCRYPT_BLOCK_SIZE, p: 1, maxmem: scryptMemoryBytes(workFactor) + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(Buffer.from(passphrase, 'utf8'), labelledSalt, 32, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function wrapFileKey(fileKey: Buffer, passphrase: string, workFactor: number, memo?: DerivedKeys): Promise<Stanza> {
  const salt = randomBytes(SALT_BYTES);
  const wrappingKey = await deriveWrappingKey(passphrase, salt, workFactor, memo);
  return { type: 'scrypt', args: [encodeBase64NoPadding(salt), String(workFactor)], body: seal(wrappingKey, ZERO_NONCE, fileKey) };
}

/** The one scrypt stanza; age forbids mixing a passphrase with other recipients, since that would weaken it. */
export function passphraseStanzaOf(stanzas: Stanza[]): Stanza {
  const scryptStanzas = stanzas.filter((s) => s.type === 'scrypt');
  if (scryptStanzas.length === 0) {
    const types = [...new Set(stanzas.map((s) => s.type))];
    if (types.includes('X25519')) throw notABackup('it is encrypted to an age key, not a passphrase');
    throw notABackup(`it is encrypted to ${types.join(', ')} recipients, not a passphrase`);
  }
  if (stanzas.length !== 1) throw backupDamaged('its header has other recipients besides the passphrase, which age forbids');
  return scryptStanzas[0]!;
}

export async function unwrapFileKey(stanza: Stanza, passphrase: string, maxWorkFactor: number, memo?: DerivedKeys): Promise<Buffer> {
  const [saltText, workFactorText, ...extra] = stanza.args;
  const salt = saltText === undefined ? null : decodeBase64Strict(saltText);
  if (!salt || salt.length !== SALT_BYTES || workFactorText === undefined || extra.length > 0) {
    throw backupDamaged('its passphrase entry is malformed');
  }
  if (!WORK_FACTOR_SPELLING.test(workFactorText)) throw backupDamaged(`its scrypt work factor "${workFactorText}" is not a valid number`);
  const workFactor = Number(workFactorText);
  if (workFactor > maxWorkFactor) {
    throw backupDamaged(
      `it asks for scrypt work factor ${workFactorText} (${workFactor < 60 ? describeMemory(workFactor) : 'an impossible amount'} of memory); ` +
        `this app refuses anything above ${maxWorkFactor} (${describeMemory(maxWorkFactor)}) so that a file cannot exhaust the machine`,
    );
  }
  if (stanza.body.length !== WRAPPED_KEY_BYTES) throw backupDamaged('its wrapped file key has the wrong length');
  const fileKey = open(await deriveWrappingKey(passphrase, salt, workFactor, memo), ZERO_NONCE, stanza.body);
  if (!fileKey) throw wrongPassphrase();
  return fileKey;
}
