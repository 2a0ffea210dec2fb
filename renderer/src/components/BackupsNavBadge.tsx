import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store';
import { missingBackups } from '../screens/keys/key-backup';

/**
 * The Backups entry's badge: how many keys have no verified backup, red while a root key is among them. Gone once
 * every key has one; the count is spoken with the link ("Backups, 2 keys without a verified backup").
 */
export function BackupsNavBadge() {
  const { count, root } = useStore(useShallow((s) => missingBackups(s.coverage)));
  if (count === 0) return null;
  const words = `${count} ${count === 1 ? 'key' : 'keys'} without a verified backup${root ? ', including a root key' : ''}`;
  return (
    <span className={`nav-badge${root ? ' nav-badge-root' : ''}`} data-testid="backups-badge" data-count={count} data-root={root} title={words}>
      <span aria-hidden="true">{count}</span>
      <span className="sr-only">, {words}</span>
    </span>
  );
}
