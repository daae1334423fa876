import { describe, expect, it } from 'vitest';
import type { LinkTarget } from '../../shared/desktop/deepLink';
import type { Notification } from '../../shared/notifications/notificationModel';
import type { Delivery } from '../core/notifications/notifier';
import { FakeNotification } from '../testing/electronFakes';
import { showDesktopNotifications } from './desktopNotifications';

const paymentLink: LinkTarget = {
  kind: 'service',
  environment: 'production',
  cluster: 'flarenet-production',
  service: 'payment-service',
};

function notification(id: string, resolved = false): Notification {
  return {
    id,
    rule: 'alarm',
    subject: {
      key: id,
      environment: 'production',
      service: 'payment-service',
      kafkaCluster: null,
      group: null,
    },
    severity: 'error',
    title: 'Alarm payment-5xx is in ALARM on payment-service',
    body: 'Threshold crossed',
    link: paymentLink,
    firedAt: 1,
    resolution: resolved ? { at: 2, title: 'Alarm payment-5xx is back to OK', body: '' } : null,
  };
}

function setUp(supported = true) {
  FakeNotification.reset(supported);
  const listeners = new Set<(delivery: Delivery) => void>();
  const opened: (LinkTarget | null)[] = [];
  const logged: string[] = [];
  const stop = showDesktopNotifications({
    Notification: FakeNotification,
    notifications: {
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    open: (target) => opened.push(target),
    log: (line) => logged.push(line),
  });
  const deliver = (delivery: Delivery) => {
    for (const listener of listeners) listener(delivery);
  };
  return { deliver, opened, logged, stop, listeners };
}

describe('desktop notifications', () => {
  it('shows each notification, and a click opens the console on its service', () => {
    const { deliver, opened } = setUp();
    deliver({ type: 'fired', notification: notification('a') });
    const [shown] = FakeNotification.made;
    expect(shown).toMatchObject({
      shown: true,
      options: { title: 'Alarm payment-5xx is in ALARM on payment-service', body: 'Threshold crossed' },
    });
    shown!.click();
    expect(opened).toEqual([paymentLink]);
  });

  it('replaces a notification with its resolution, and closes all it shows when stopped', () => {
    const { deliver, stop, listeners } = setUp();
    deliver({ type: 'fired', notification: notification('a') });
    deliver({ type: 'resolved', notification: notification('a', true) });
    const [fired, resolved] = FakeNotification.made;
    expect(fired!.closed).toBe(true);
    expect(resolved!.options.title).toBe('Alarm payment-5xx is back to OK');
    stop();
    expect(resolved!.closed).toBe(true);
    expect(listeners.size).toBe(0);
  });

  it('says so once where the desktop cannot show notifications, and shows none', () => {
    const { listeners, logged } = setUp(false);
    expect(listeners.size).toBe(0);
    expect(logged).toEqual([
      'Desktop notifications are not supported here: they appear in the console’s inbox only.',
    ]);
  });
});
