import { useEffect, useRef, useState } from 'react';
import type { LinkTarget } from '../../../shared/desktop/deepLink';
import { notificationUpdates } from '../../../shared/ipc/notifications';
import type { IpcError } from '../../../shared/ipc/result';
import type { Inbox } from '../../../shared/notifications/notificationModel';
import { useConsoleClient } from '../app/consoleClientContext';
import { hashForLinkTarget } from '../app/linkTargetRoute';
import { openResubscribingStream } from '../app/resubscribingStream';
import { inboxArrivals } from './inboxArrivals';
import { showWebNotification } from './webNotifications';

/** Opens the console on a service or group, as a `flarenet://` link would. */
export function openLinkTarget(target: LinkTarget): void {
  window.location.hash = hashForLinkTarget(target);
}

/**
 * The inbox as main pushes it. With `tellTheBrowser`, what arrives while the page is open
 * also goes to the browser's notifications (when the person allowed them); the desktop app
 * shows its own, so its page does not.
 */
export function useNotificationInbox(tellTheBrowser: boolean): {
  inbox: Inbox | null;
  error: IpcError | null;
} {
  const client = useConsoleClient();
  const [inbox, setInbox] = useState<Inbox | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const tell = useRef(tellTheBrowser);
  useEffect(() => {
    tell.current = tellTheBrowser;
  }, [tellTheBrowser]);

  useEffect(() => {
    // Kept across re-subscriptions, so a reconnect's fresh inbox does not tell anything twice.
    let previous: Inbox | null = null;
    return openResubscribingStream(
      client,
      notificationUpdates,
      {},
      {
        onEvent: (next) => {
          if (tell.current) {
            for (const arrival of inboxArrivals(previous, next)) showWebNotification(arrival, openLinkTarget);
          }
          previous = next;
          setInbox(next);
          setError(null);
        },
        onEnd: (ended) => setError(ended),
      },
    );
  }, [client]);

  return { inbox, error };
}
