import type { KeyInfo } from '../../../shared/dto/keys';
import type { TokenInfo } from '../../../shared/dto/tokens';

export type RootKeyChoice =
  | { kind: 'existing'; keyId: string; location: 'token' | 'file'; tokenId: string | null }
  | { kind: 'new-on-token'; tokenId: string }
  | { kind: 'new-file' };

/**
 * Which root key a new repository gets, in Docker's order: "Docker Engine looks for a root key locally. If a key is
 * not found and the Yubikey exists, Docker Engine creates a root key in the Yubikey", else a file. An existing root
 * key on a token wins over the same or another one in a file, as notary's key stores are [token, file].
 */
export function chooseRootKeyForNewRepository(keys: KeyInfo[], tokens: TokenInfo[]): RootKeyChoice {
  const roots = keys.filter((k) => k.role === 'root' && k.status === 'ok');
  const onToken = roots.find((k) => k.location === 'token');
  if (onToken) return { kind: 'existing', keyId: onToken.id, location: 'token', tokenId: onToken.token?.id ?? null };
  const inFile = roots.find((k) => k.location === 'file');
  if (inFile) {
    const tokenCopy = tokens.find((t) => t.keys.some((k) => k.id === inFile.id));
    return tokenCopy ? { kind: 'existing', keyId: inFile.id, location: 'token', tokenId: tokenCopy.id } : { kind: 'existing', keyId: inFile.id, location: 'file', tokenId: null };
  }
  const present = tokens.find((t) => t.flags.initialized && !t.flags.pinLocked);
  return present ? { kind: 'new-on-token', tokenId: present.id } : { kind: 'new-file' };
}
