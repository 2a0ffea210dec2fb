import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../store';
import type { Notice } from '../store/types';

function NoticeItem({ notice, onDismiss }: { notice: Notice; onDismiss: (id: number) => void }) {
  useEffect(() => {
    if (notice.tone === 'error') return; // errors stay until dismissed
    const t = setTimeout(() => onDismiss(notice.id), 6000);
    return () => clearTimeout(t);
  }, [notice, onDismiss]);
  return (
    <div className={`notice notice-${notice.tone}`} data-testid="notice">
      <div>
        <strong>{notice.title}</strong>
        {notice.detail && <div className="notice-detail">{notice.detail}</div>}
      </div>
      <button type="button" className="icon-button" aria-label="Dismiss notice" onClick={() => onDismiss(notice.id)}>
        <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
          <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
        </svg>
      </button>
    </div>
  );
}

/** Short confirmations and failures, announced politely to screen readers. */
export function Notices() {
  const { notices, dismissNotice } = useStore(useShallow((s) => ({ notices: s.notices, dismissNotice: s.dismissNotice })));
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((n) => (
        <NoticeItem key={n.id} notice={n} onDismiss={dismissNotice} />
      ))}
    </div>
  );
}
