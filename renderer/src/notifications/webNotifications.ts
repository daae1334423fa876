import type { LinkTarget } from '../../../shared/desktop/deepLink';
import type { Arrival } from './inboxArrivals';

/**
 * The browser's own notifications (the Web Notifications API), for a console page open in
 * a browser: shown only once the person allowed them from the inbox, and a click brings the
 * page forward on the service or group concerned.
 */

export type WebNotificationPermission = NotificationPermission | 'unsupported';

export function webNotificationPermission(): WebNotificationPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export async function askWebNotificationPermission(): Promise<WebNotificationPermission> {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.requestPermission();
}

export function showWebNotification(arrival: Arrival, open: (target: LinkTarget) => void): void {
  if (webNotificationPermission() !== 'granted') return;
  const { notification } = arrival;
  const resolution = arrival.type === 'resolved' ? notification.resolution : null;
  const shown = new Notification(resolution ? resolution.title : notification.title, {
    body: resolution ? resolution.body : notification.body,
    // One per notification: its resolution replaces it rather than stacking beside it.
    tag: notification.id,
  });
  shown.onclick = () => {
    window.focus();
    if (notification.link) open(notification.link);
    shown.close();
  };
}
