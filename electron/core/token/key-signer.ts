import { VaultError } from '../errors';
import { decryptKeyBlock } from '../keys/key-block';
import { ecSpki } from '../keys/key-structures';
import { readKeyBlock } from '../keys/store/find-key';
import { findKeyFiles } from '../keys/store/scan';
import type { EventSink } from '../ports';
import type { TokenInfo } from '../../../shared/dto/tokens';
import { parseCertificate } from '../tuf/x509';
import type { TokenClient, TokenRef } from './token-client';
import { signDigestOnToken } from './token-signing';
import { passphraseOrSaved } from '../keys/saved-passphrases';

export interface SignatureMade {
  signature: Buffer;
  /** Where the key that signed lives. */
  by: { location: 'token'; tokenId: string; label: string } | { location: 'file'; file: string };
}

/** YubiKeys may want a touch before they sign (notary prints "Please touch the attached Yubikey"). */
const mayNeedTouch = (t: TokenInfo) => /yubico/i.test(t.manufacturer);

/**
 * Signs with a key by ID the way notary picks it: a copy on a connected, unlocked token first, else the key file
 * (decrypted with the passphrase for this one signature). Every signature is verified before it is returned.
 */
export async function signWithKey(
  deps: { client: TokenClient; tokens: TokenInfo[]; events: EventSink; trustDir: string },
  keyId: string,
  data: Buffer,
  passphrase: string | undefined,
): Promise<SignatureMade> {
  const onToken = deps.tokens.find((t) => t.loggedIn && t.keys.some((k) => k.id === keyId));
  if (onToken) {
    const key = onToken.keys.find((k) => k.id === keyId)!;
    const ref: TokenRef = { modulePath: onToken.modulePath, serial: onToken.serial };
    const spki = await spkiOnToken(deps.client, ref, key.ckaId);
    const touch = mayNeedTouch(onToken);
    if (touch) deps.events.emit('tokenTouch', { tokenId: onToken.id, label: onToken.label, waiting: true });
    try {
      const signature = await signDigestOnToken(deps.client, ref, key.ckaId, spki, data);
      return { signature, by: { location: 'token', tokenId: onToken.id, label: onToken.label } };
    } finally {
      if (touch) deps.events.emit('tokenTouch', { tokenId: onToken.id, label: onToken.label, waiting: false });
    }
  }
  const file = findKeyFiles(deps.trustDir, keyId).find((k) => k.status === 'ok');
  if (!file) throw new VaultError('NOT_FOUND', `Key ${keyId} is on no connected, unlocked token and in no key file`);
  const key = decryptKeyBlock(readKeyBlock(file), file.encrypted ? passphraseOrSaved(file.id, passphrase) : undefined);
  try {
    return { signature: key.sign(data), by: { location: 'file', file: file.file } };
  } finally {
    key.wipe();
  }
}

async function spkiOnToken(client: TokenClient, ref: TokenRef, ckaId: string): Promise<Buffer> {
  const objects = (await client.objects(ref)).filter((o) => o.ckaId === ckaId);
  const pub = objects.find((o) => o.class === 'public-key' && o.ecPoint);
  if (pub?.ecPoint) return ecSpki(pub.ecPoint);
  const cert = objects.find((o) => o.class === 'certificate' && o.certDer);
  if (cert?.certDer) return parseCertificate(cert.certDer).spki;
  throw new VaultError('TOKEN_ERROR', 'The token holds no public key or certificate for that key, so its signatures cannot be checked');
}
