import { Icon } from '../../components/Icon';
import { usePrefs } from '../../store/prefs';

const TEXT = (
  <>
    <strong>Notary's key file encryption is weak.</strong> It uses PBKDF2-SHA1 with only 2048 rounds, so anyone who gets a copy of a key file can
    try millions of passphrases a second. A strong passphrase is what keeps a copied file useless, and a backup is what keeps a lost or damaged
    one from ending your repository's trust.
  </>
);

/**
 * Notary's file encryption is weak, so passphrases and backups carry the weight. On the Keys screen until the
 * person dismisses it (remembered); in a key's detail (compact) always, so it is never gone for good.
 */
export function WeakEncryptionNote({ compact = false }: { compact?: boolean }) {
  const dismissed = usePrefs((p) => p.weakNoticeDismissed);
  const dismiss = usePrefs((p) => p.setWeakNoticeDismissed);
  if (compact) {
    return (
      <div className="callout weak-note weak-note-compact" role="note" aria-label="About notary's file encryption" data-testid="weak-encryption-detail">
        <Icon name="warning" size={16} />
        <p>{TEXT}</p>
      </div>
    );
  }
  if (dismissed) return null;
  return (
    <div className="callout callout-warn weak-note" role="note" aria-label="About notary's file encryption" data-testid="weak-encryption-note">
      <Icon name="warning" size={18} />
      <p>{TEXT}</p>
      <button type="button" className="button button-ghost button-small weak-note-dismiss" onClick={() => dismiss(true)}>
        Got it
      </button>
    </div>
  );
}
