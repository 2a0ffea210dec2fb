import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../store';

/** What a vault action needs first: the vault created and unlocked, with the way there. */
export function VaultLockedNote({ doing }: { doing: string }) {
  const { exists, showScreen, closeDialog } = useStore(
    useShallow((s) => ({ exists: s.vaultStatus?.exists ?? false, showScreen: s.showScreen, closeDialog: s.closeDialog })),
  );
  return (
    <div className="callout callout-warn" data-testid="vault-needed">
      <strong>{exists ? 'The vault is locked.' : 'There is no vault yet.'}</strong> To {doing}, {exists ? 'unlock' : 'create'} the vault first.{' '}
      <button
        type="button"
        className="button button-secondary button-small"
        onClick={() => {
          closeDialog();
          showScreen('vault');
        }}
      >
        {exists ? 'Unlock the vault' : 'Create the vault'}
      </button>
    </div>
  );
}
