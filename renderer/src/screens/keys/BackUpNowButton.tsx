import { useShallow } from 'zustand/react/shallow';
import { Icon } from '../../components/Icon';
import { useStore } from '../../store';

/**
 * "Back up to USB drives now": opens the backup wizard (Backups screen, "Back up keys"), which writes an encrypted
 * backup to two drives and reads each copy back. Offered right after a key is made or imported, and wherever a key
 * has no verified backup.
 */
export function BackUpNowButton({ before, primary = true, autoFocus = false }: { before?: () => void; primary?: boolean; autoFocus?: boolean }) {
  const { showScreen, showBackupsTab } = useStore(useShallow((s) => ({ showScreen: s.showScreen, showBackupsTab: s.showBackupsTab })));
  return (
    <button
      type="button"
      className={primary ? 'button button-primary' : 'button button-secondary'}
      data-testid="back-up-now"
      autoFocus={autoFocus}
      onClick={() => {
        before?.();
        showBackupsTab('create');
        showScreen('backups');
      }}
    >
      <Icon name="backup" /> Back up to USB drives now
    </button>
  );
}
