import type { Inbox, Notification } from '../../../shared/notifications/notificationModel';

export interface Arrival {
  type: 'fired' | 'resolved';
  notification: Notification;
}

/**
 * What arrived between two inboxes: notifications not there before, and resolutions that
 * were not. The first inbox a page receives is what it finds, not news, so it brings none;
 * nor does a reconnect's fresh inbox bring again what the page already told.
 */
export function inboxArrivals(previous: Inbox | null, next: Inbox): Arrival[] {
  if (previous === null) return [];
  const before = new Map(previous.entries.map((entry) => [entry.notification.id, entry.notification]));
  const arrivals: Arrival[] = [];
  for (const { notification } of [...next.entries].reverse()) {
    const known = before.get(notification.id);
    if (!known) arrivals.push({ type: notification.resolution ? 'resolved' : 'fired', notification });
    else if (!known.resolution && notification.resolution) arrivals.push({ type: 'resolved', notification });
  }
  return arrivals;
}
