import { useState } from 'react';
import { vault } from '../../api';
import { ErrorNote } from '../../components/ErrorNote';
import { Modal } from '../../components/Modal';
import { SecretField } from '../../components/SecretField';
import { WizardActions } from '../../components/WizardStep';
import { explain } from '../../errors/explain';
import { useStore } from '../../store';
import type { UiError } from '../../store/types';
import { SavedInVaultHint } from '../publish/PassphraseFields';
import { KeyRef, useKeyDialogContext } from './use-key-dialog';

/**
 * Exporting the public key of an encrypted key: the public key is stored inside the encrypted file, so main decrypts
 * it once with the passphrase typed here. The passphrase leaves this dialog's state as soon as the call is made.
 */
export function ExportPublicKeyDialog({ keyId }: { keyId: string }) {
  const { trustDirId, info, close, notify } = useKeyDialogContext(keyId);
  const [passphrase, setPassphrase] = useState('');
  // The unlocked vault holds this key's passphrase: the field may stay empty and core fills it in.
  const vaultUnlocked = useStore((s) => s.vaultStatus?.unlocked ?? false);
  const inVault = vaultUnlocked && info?.passphraseInVault === true;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);

  const cancel = () => {
    setPassphrase('');
    close();
  };

  const submit = async () => {
    if (!trustDirId || (passphrase.length === 0 && !inVault)) return;
    const typed = passphrase;
    setPassphrase('');
    setBusy(true);
    try {
      const r = await vault.keys.export({ trustDirId, ids: [keyId], kind: 'public', ...(typed ? { passphrase: typed } : {}) });
      if (!r.ok) {
        if (r.code !== 'CANCELLED') setError({ code: r.code, message: r.message });
        return;
      }
      close();
      if (r.value) notify({ tone: 'success', title: 'Public key exported', detail: r.value.path });
    } catch (e) {
      notify({ tone: 'error', title: explain('INTERNAL').title, detail: String(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title="Export public key"
      description={
        <>
          Writes the public half of <KeyRef keyId={keyId} info={info} /> to a file you choose. A public key is safe to share.
        </>
      }
      onClose={cancel}
      testId="export-public-dialog"
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <SecretField
          label="Key passphrase"
          value={passphrase}
          onChange={setPassphrase}
          autoComplete="current-password"
          autoFocus
          hint={inVault ? <SavedInVaultHint /> : 'The key file is encrypted, and the public key is stored inside it.'}
        />
        {error && <ErrorNote error={error} />}
        <WizardActions
          onBack={cancel}
          backLabel="Cancel"
          submitLabel={busy ? 'Exporting…' : 'Export public key'}
          submitDisabled={busy || (passphrase.length === 0 && !inVault)}
        />
      </form>
    </Modal>
  );
}
