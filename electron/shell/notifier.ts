import type { BrowserWindow, Notification as ElectronNotification } from 'electron';
import type { Notifier } from '../core/notify/expiry-notices';

/**
 * Core's notices as Electron notifications. A click brings the window forward and tells core (which tells the page).
 * Each notification is kept referenced until it is clicked or closed: a collected one loses its click handler.
 */
export function electronNotifier(NotificationClass: typeof ElectronNotification, window: () => BrowserWindow | null): Notifier {
  const live = new Set<ElectronNotification>();
  return {
    show(notice) {
      if (!NotificationClass.isSupported()) return;
      const n = new NotificationClass({ title: notice.title, body: notice.body });
      live.add(n);
      n.on('click', () => {
        live.delete(n);
        const w = window();
        if (w) {
          if (w.isMinimized()) w.restore();
          w.focus();
        }
        notice.onClick();
      });
      n.on('close', () => live.delete(n));
      n.show();
    },
  };
}
