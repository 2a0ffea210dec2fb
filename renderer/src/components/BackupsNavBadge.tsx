import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store';
import { missingBackups } from '../screens/keys/key-backup';

/**
 * The Backups entry's badge: how many keys have no verified backup, red while a root key is among them. Gone once
 * every key has one; screen readers hear it as the link's description ("2 keys without a verified backup").
 */
export const BACKUPS_BADGE_ID = 'backups-badge-words';

export function BackupsNavBadge() {
  const { count, root } = useStore(useShallow((s) => missingBackups(s.coverage)));
  if (count === 0) return null;
  const words = `${count} ${count === 1 ? 'key' : 'keys'} without a verified backup${root ? ', including a root key' : ''}`;
  return (
    <span className={`nav-badge${root ? ' nav-badge-root' : ''}`} data-testid="backups-badge" data-count={count} data-root={root} title={words}>
      <span aria-hidden="true">{count}</span>
      {/* The link's description (aria-describedby in AppShell), so its name stays "Backups". */}
      <span id={BACKUPS_BADGE_ID} hidden>
        {words}
      </span>
    </span>
  );
}
