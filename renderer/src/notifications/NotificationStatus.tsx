import { useState } from 'react';
import { createPortal } from 'react-dom';
import { describeIpcError } from '../app/errorText';
import { LazyPanel } from '../app/LazyPanel';
import { lazyPart } from '../app/lazyPart';
import { useNotificationInbox } from './useNotificationInbox';
import './notifications.css';

/** The inbox is a chunk of its own: every page shows the count, few open the inbox. */
const inboxPanel = lazyPart('the notification inbox', () =>
  import('./NotificationInboxPanel').then((module) => module.NotificationInboxPanel),
);

/**
 * The status bar's notifications: how many are unread, and a click (or Enter) opens the
 * inbox. Until main has sent the inbox it says so rather than "none".
 */
export function NotificationStatus({ desktopShowsThem }: { desktopShowsThem: boolean }) {
  const { inbox, error } = useNotificationInbox(!desktopShowsThem);
  const [open, setOpen] = useState(false);
  const unread = inbox?.unread ?? 0;
  const words =
    inbox === null
      ? error
        ? 'Notifications unavailable'
        : 'Notifications…'
      : unread === 0
        ? 'No new notifications'
        : `${unread} new notification${unread === 1 ? '' : 's'}`;
  return (
    <>
      <button
        type="button"
        className={`status-item notification-status${unread > 0 ? ' has-unread' : ''}`}
        data-testid="notification-status"
        data-unread={inbox === null ? '' : unread}
        aria-haspopup="dialog"
        aria-expanded={open}
        title={
          error ? `Notifications: ${describeIpcError(error)} — re-subscribing` : 'Open the notification inbox'
        }
        onClick={() => setOpen(true)}
      >
        <span aria-hidden="true">{unread > 0 ? '◆' : '◇'} </span>
        {words}
      </button>
      {/* Over the page, not inside the status bar, whose one-line styles it must not take. */}
      {open &&
        createPortal(
          <LazyPanel part={inboxPanel} shape="dialog" onClose={() => setOpen(false)}>
            {(NotificationInboxPanel) => (
              <NotificationInboxPanel
                inbox={inbox}
                desktopShowsThem={desktopShowsThem}
                onClose={() => setOpen(false)}
              />
            )}
          </LazyPanel>,
          document.body,
        )}
    </>
  );
}
