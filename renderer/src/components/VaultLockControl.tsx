import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store';
import { Icon } from './Icon';

/**
 * The vault's state in the shell's header, always in view: a lock button while unlocked, a locked indicator (which
 * opens the unlock form) otherwise. Nothing until the vault exists, beyond a quiet pointer to create it.
 */
export function VaultLockControl() {
  const { status, lockVault, showScreen, notify } = useStore(
    useShallow((s) => ({ status: s.vaultStatus, lockVault: s.lockVault, showScreen: s.showScreen, notify: s.notify })),
  );
  if (!status) return null;
  if (!status.exists) {
    return (
      <div className="vault-lock vault-lock-none" data-testid="vault-lock-state" data-state="none">
        <button type="button" className="vault-lock-link" onClick={() => showScreen('vault')}>
          <Icon name="vault" /> No vault yet: create one
        </button>
      </div>
    );
  }
  if (!status.unlocked) {
    return (
      <div className="vault-lock vault-lock-locked" data-testid="vault-lock-state" data-state="locked">
        <span className="vault-lock-text">
          <Icon name="lock" /> Vault locked
        </span>
        <button type="button" className="button button-small vault-lock-button" onClick={() => showScreen('vault')}>
          Unlock…
        </button>
      </div>
    );
  }
  return (
    <div className="vault-lock vault-lock-unlocked" data-testid="vault-lock-state" data-state="unlocked">
      <span className="vault-lock-text">
        <Icon name="unlock" /> Vault unlocked
      </span>
      <button
        type="button"
        className="button button-small vault-lock-button"
        aria-label="Lock the vault"
        title="Lock the vault now: main forgets the vault key and every saved passphrase, and this window forgets what it showed"
        onClick={() =>
          void lockVault().then((e) => {
            if (e) notify({ tone: 'error', title: 'Could not lock the vault', detail: e.message });
          })
        }
      >
        <Icon name="lock" /> Lock
      </button>
    </div>
  );
}
