import type { KeyAlgorithm, KeyFileFormat, KeyProblem } from '../../../../shared/dto/keys';
import { isVaultError } from '../../errors';
import { inspectKeyBlock } from '../key-block';
import { decodePem } from '../pem';

/** What the bytes of one key file say, without any passphrase: listing never decrypts. */
export interface KeyFileContent {
  role: string | null;
  gun: string | null;
  format: KeyFileFormat;
  encrypted: boolean;
  algorithm: KeyAlgorithm | null;
  problem: { code: KeyProblem; reason: string } | null;
}

const broken = (code: KeyProblem, reason: string, rest: Partial<KeyFileContent> = {}): KeyFileContent => ({
  role: null,
  gun: null,
  format: 'unknown',
  encrypted: false,
  algorithm: null,
  ...rest,
  problem: { code, reason },
});

/**
 * Reads role and GUN from the first PEM block's headers, as `notary key list` does (notary ignores any later
 * block). `fallback` gives role and GUN from the legacy file path, used when the headers do not say.
 */
export function classifyKeyFile(bytes: Buffer, fallback: { role: string | null; gun: string | null } | null): KeyFileContent {
  if (bytes.length === 0) return broken('EMPTY', 'the file is empty');
  const text = bytes.toString('utf8');
  if (!text.includes('-----BEGIN ')) return broken('NOT_PEM', 'the file holds no PEM block');
  let blocks;
  try {
    blocks = decodePem(text);
  } catch (e) {
    const reason = isVaultError(e) ? e.message : 'unreadable PEM';
    return broken(/END line|truncated/i.test(reason) ? 'TRUNCATED' : 'NOT_PEM', reason);
  }
  const block = blocks[0];
  if (!block) return broken('NOT_PEM', 'the file holds no complete PEM block');
  const role = block.headers.role ?? fallback?.role ?? null;
  const gun = block.headers.gun ?? fallback?.gun ?? null;
  let inspected: ReturnType<typeof inspectKeyBlock>;
  try {
    inspected = inspectKeyBlock(block);
  } catch (e) {
    return broken('UNKNOWN_FORMAT', isVaultError(e) ? e.message : `cannot read a ${block.type} block`, { role, gun });
  }
  const known = { role, gun, format: inspected.format, encrypted: inspected.encrypted, algorithm: inspected.algorithm };
  if (inspected.format === 'unknown') {
    return { ...known, problem: { code: 'UNKNOWN_FORMAT', reason: `"${block.type}" is not a key format notary reads` } };
  }
  if (!role) {
    return { ...known, problem: { code: 'NO_ROLE', reason: 'the key has no role header (notary lists it with an empty role)' } };
  }
  return { ...known, problem: null };
}

/**
 * Role and GUN from the headers of the first block of a file too large to parse (notary still lists such a file),
 * read from its first bytes only.
 */
export function peekHeaders(head: Buffer): { role: string | null; gun: string | null } {
  const lines = head.toString('utf8').split(/\r?\n/);
  const begin = lines.findIndex((l) => l.startsWith('-----BEGIN '));
  const headers: Record<string, string> = {};
  for (let i = begin + 1; begin >= 0 && i < lines.length; i++) {
    const colon = lines[i]!.indexOf(':');
    if (colon < 0) break;
    headers[lines[i]!.slice(0, colon).trim()] = lines[i]!.slice(colon + 1).trim();
  }
  return { role: headers.role ?? null, gun: headers.gun ?? null };
}
