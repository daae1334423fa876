import type { LinkTarget } from '../../shared/desktop/deepLink';
import type { Delivery } from '../core/notifications/notifier';

/** Electron's `Notification` class as this module uses it; passed in, so tests need no Electron. */
export interface NativeNotificationClass {
  new (options: { title: string; body: string }): NativeNotification;
  isSupported(): boolean;
}

export interface NativeNotification {
  on(event: 'click' | 'close', listener: () => void): unknown;
  show(): void;
  close(): void;
}

/** At most this many are held for their clicks; older ones are closed. */
const mostShown = 20;

/**
 * Shows each notification the console fires or resolves as the desktop's own, also while
 * the window is closed to the tray. A click brings the console forward on the service or
 * group it is about. A resolution replaces its notification rather than stacking beside it.
 *
 * The shown notifications are held here until closed: Electron drops the click handler of
 * a Notification that JavaScript no longer references.
 */
export function showDesktopNotifications(options: {
  Notification: NativeNotificationClass;
  notifications: { subscribe(listener: (delivery: Delivery) => void): () => void };
  /** Brings the console's window forward (opening one if none is), on the target if there is one. */
  open: (target: LinkTarget | null) => void;
  log: (line: string) => void;
}): () => void {
  if (!options.Notification.isSupported()) {
    options.log('Desktop notifications are not supported here: they appear in the console’s inbox only.');
    return () => undefined;
  }
  const shown = new Map<string, NativeNotification>();
  const unsubscribe = options.notifications.subscribe((delivery) => {
    const { notification } = delivery;
    const resolution = delivery.type === 'resolved' ? notification.resolution : null;
    shown.get(notification.id)?.close();
    shown.delete(notification.id);
    const native = new options.Notification({
      title: resolution ? resolution.title : notification.title,
      body: resolution ? resolution.body : notification.body,
    });
    native.on('click', () => options.open(notification.link));
    native.on('close', () => {
      if (shown.get(notification.id) === native) shown.delete(notification.id);
    });
    shown.set(notification.id, native);
    for (const [id, older] of shown) {
      if (shown.size <= mostShown) break;
      shown.delete(id);
      older.close();
    }
    native.show();
  });
  return () => {
    unsubscribe();
    for (const native of shown.values()) native.close();
    shown.clear();
  };
}
