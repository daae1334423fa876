import { useEffect, useRef, useState } from 'react';
import { markNotificationsRead, setNotificationMute } from '../../../shared/ipc/notifications';
import {
  notificationRuleNames,
  type InboxEntry,
  type Inbox,
  type MuteScope,
} from '../../../shared/notifications/notificationModel';
import { useConsoleClient } from '../app/consoleClientContext';
import { describeIpcError } from '../app/errorText';
import { LocalTime } from '../app/LocalTime';
import { OverlayFrame } from '../palette/OverlayFrame';
import { openLinkTarget } from './useNotificationInbox';
import {
  askWebNotificationPermission,
  webNotificationPermission,
  type WebNotificationPermission,
} from './webNotifications';

const severityGlyphs = { error: '✖', warning: '▲', info: '●' } as const;
const muteForMs = 60 * 60_000;

/** The inbox: the newest notifications first, each with what it concerns and how it ended. */
export function NotificationInboxPanel({
  inbox,
  desktopShowsThem,
  onClose,
}: {
  inbox: Inbox | null;
  desktopShowsThem: boolean;
  onClose: () => void;
}) {
  const client = useConsoleClient();
  const closeRef = useRef<HTMLButtonElement>(null);
  const [failure, setFailure] = useState<string | null>(null);
  // Escape closes it wherever the focus is, also after a button that had it went away.
  useEffect(() => {
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.stopPropagation();
      event.preventDefault();
      onClose();
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true });
  }, [onClose]);
  const markRead = async (ids?: string[]) => {
    const result = await client.invoke(markNotificationsRead, ids ? { ids } : {});
    setFailure(result.ok ? null : `Could not mark read: ${describeIpcError(result.error)}`);
  };
  const mute = async (scope: MuteScope) => {
    const result = await client.invoke(setNotificationMute, {
      scope,
      state: { kind: 'muted-until', until: Date.now() + muteForMs },
    });
    setFailure(result.ok ? null : `Could not mute: ${describeIpcError(result.error)}`);
  };

  return (
    <OverlayFrame
      label="Notifications"
      testId="notification-inbox"
      className="palette notification-inbox"
      focus={closeRef}
      onClose={onClose}
      onKeyDown={() => undefined}
    >
      <div className="notification-head">
        <h2 className="caps-title">Notifications</h2>
        <button
          type="button"
          className="button"
          disabled={!inbox || inbox.unread === 0}
          onClick={() => void markRead()}
        >
          Mark all read
        </button>
        <button ref={closeRef} type="button" className="button" onClick={onClose}>
          Close <kbd>Esc</kbd>
        </button>
      </div>
      <BrowserPermission desktopShowsThem={desktopShowsThem} />
      {failure && (
        <p className="notification-failure error-text" role="alert">
          {failure}
        </p>
      )}
      {inbox === null ? (
        <p className="notification-empty muted">Waiting for the console to send its notifications…</p>
      ) : inbox.entries.length === 0 ? (
        <p className="notification-empty muted">Nothing to tell since the console started.</p>
      ) : (
        <ul className="notification-list">
          {inbox.entries.map((entry) => (
            <NotificationItem
              key={entry.notification.id}
              entry={entry}
              onOpen={() => {
                if (entry.notification.link) openLinkTarget(entry.notification.link);
                void markRead([entry.notification.id]);
                onClose();
              }}
              onMarkRead={() => void markRead([entry.notification.id])}
              onMute={(scope) => void mute(scope)}
            />
          ))}
        </ul>
      )}
    </OverlayFrame>
  );
}

function NotificationItem({
  entry,
  onOpen,
  onMarkRead,
  onMute,
}: {
  entry: InboxEntry;
  onOpen: () => void;
  onMarkRead: () => void;
  onMute: (scope: MuteScope) => void;
}) {
  const { notification, read } = entry;
  const { resolution, subject } = notification;
  const scope = muteScopeOf(notification.subject);
  return (
    <li
      className={`notification-entry severity-${notification.severity}${read ? '' : ' unread'}${resolution ? ' resolved' : ''}`}
      data-testid="notification-entry"
      data-rule={notification.rule}
      data-resolved={resolution !== null}
      data-read={read}
    >
      <div className="notification-title">
        <span aria-hidden="true">{severityGlyphs[notification.severity]} </span>
        {notification.title}
        {!read && <span className="notification-new"> new</span>}
      </div>
      {notification.body && <div className="notification-body">{notification.body}</div>}
      <div className="notification-meta muted">
        {notificationRuleNames[notification.rule]}
        {subject.environment ? ` · ${subject.environment}` : ''} · <LocalTime at={notification.firedAt} />
      </div>
      {resolution && (
        <div className="notification-resolution">
          <span aria-hidden="true">✓ </span>
          {resolution.title} · <LocalTime at={resolution.at} />
        </div>
      )}
      <div className="notification-actions">
        {notification.link && (
          <button type="button" className="button" onClick={onOpen}>
            Open {notification.link.kind === 'service' ? notification.link.service : notification.link.group}
          </button>
        )}
        {!read && (
          <button type="button" className="button" onClick={onMarkRead}>
            Mark read
          </button>
        )}
        {scope && (
          <button type="button" className="button" onClick={() => onMute(scope.scope)}>
            Mute {scope.words} for 1 h
          </button>
        )}
      </div>
    </li>
  );
}

function muteScopeOf(
  subject: InboxEntry['notification']['subject'],
): { scope: MuteScope; words: string } | null {
  if (subject.kafkaCluster && subject.group)
    return {
      scope: { kind: 'group', kafkaCluster: subject.kafkaCluster, group: subject.group },
      words: `group ${subject.group}`,
    };
  if (subject.environment && subject.service)
    return {
      scope: { kind: 'service', environment: subject.environment, service: subject.service },
      words: subject.service,
    };
  if (subject.environment)
    return { scope: { kind: 'environment', environment: subject.environment }, words: subject.environment };
  return null;
}

/** Whether the browser shows notifications too, and the button that asks for it. */
function BrowserPermission({ desktopShowsThem }: { desktopShowsThem: boolean }) {
  const [permission, setPermission] = useState<WebNotificationPermission>(webNotificationPermission);
  let text: string;
  if (desktopShowsThem)
    text = 'The desktop app shows each new notification; clicking one opens the console on it.';
  else if (permission === 'unsupported')
    text = 'This browser cannot show notifications: they appear here only.';
  else if (permission === 'granted')
    text = 'This browser shows each new notification while this page is open.';
  else if (permission === 'denied')
    text =
      "Browser notifications are blocked for this page: allow them in the browser's site settings to get them.";
  else text = 'Notifications appear here; the browser can show them too.';
  return (
    <p className="notification-permission" data-testid="notification-permission" data-permission={permission}>
      {text}
      {!desktopShowsThem && permission === 'default' && (
        <button
          type="button"
          className="button"
          onClick={() => void askWebNotificationPermission().then(setPermission)}
        >
          Show browser notifications
        </button>
      )}
    </p>
  );
}
