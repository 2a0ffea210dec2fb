import type { KeyInfo } from '../../../shared/dto/keys';
import type { TokenInfo } from '../../../shared/dto/tokens';
import { kindOfRole } from '../keys/store/layout';

/**
 * Token keys as rows of the key list: location `token`, the token's label and serial, the canonical ID (the same
 * as a disk backup's, so a key on both shows as two rows with one ID: "where does this key live").
 */
export function tokenKeyInfos(tokens: TokenInfo[]): KeyInfo[] {
  return tokens.flatMap((t) =>
    t.keys.map(
      (k): KeyInfo => ({
        id: k.id,
        role: k.role,
        gun: null,
        kind: kindOfRole(k.role),
        algorithm: k.algorithm,
        location: 'token',
        token: { id: t.id, label: t.label, serial: t.serial },
        path: `pkcs11:${t.modulePath}`,
        file: `${t.label} (serial ${t.serial}), CKA_ID ${k.ckaId}`,
        layout: 'current',
        format: 'unknown',
        encrypted: false,
        status: 'ok',
      }),
    ),
  );
}
