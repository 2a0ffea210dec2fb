import { Icon } from '../../components/Icon';
import { useStore } from '../../store';

/**
 * What listing the keys did on its way: a publish whose answer was lost settled by asking the server. Said once, in
 * the words core wrote. (Leftovers of interrupted writes have their own panel with actions: leftovers/.)
 */
export function KeyNotices() {
  const notices = useStore((s) => s.keysNotices);
  if (notices.length === 0) return null;
  return (
    <div className="callout callout-warn" role="status" aria-label="What was settled" data-testid="key-notices">
      <Icon name="warning" size={18} />
      <ul>
        {notices.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </div>
  );
}
