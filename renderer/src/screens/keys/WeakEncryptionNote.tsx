import { Icon } from '../../components/Icon';

/** Always visible on the Keys screen: notary's file encryption is weak, so passphrases and backups carry the weight. */
export function WeakEncryptionNote() {
  return (
    <div className="callout callout-warn weak-note" role="note" aria-label="About notary's file encryption" data-testid="weak-encryption-note">
      <Icon name="warning" size={18} />
      <p>
        <strong>Notary's key file encryption is weak.</strong> It uses PBKDF2-SHA1 with only 2048 rounds, so anyone who gets a copy of a key file
        can try millions of passphrases a second. A strong passphrase is what keeps a copied file useless, and a backup is what keeps a lost or
        damaged one from ending your repository's trust.
      </p>
    </div>
  );
}
