import { useState } from 'react';
import { createPortal } from 'react-dom';
import { describeIpcError } from '../app/errorText';
import { NotificationInboxPanel } from './NotificationInboxPanel';
import { useNotificationInbox } from './useNotificationInbox';
import './notifications.css';

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
          <NotificationInboxPanel
            inbox={inbox}
            desktopShowsThem={desktopShowsThem}
            onClose={() => setOpen(false)}
          />,
          document.body,
        )}
    </>
  );
}
