import { describe, expect, it } from 'vitest';
import type { Inbox, Notification } from '../../../shared/notifications/notificationModel';
import { inboxArrivals } from './inboxArrivals';

function notification(id: string, resolved = false): Notification {
  return {
    id,
    rule: 'group-err',
    subject: { key: id, environment: 'production', service: null, kafkaCluster: 'k', group: id },
    severity: 'error',
    title: `group ${id} is ERR`,
    body: '',
    link: null,
    firedAt: 1,
    resolution: resolved ? { at: 2, title: `group ${id} back to OK`, body: '' } : null,
  };
}

const inbox = (...notifications: Notification[]): Inbox => ({
  entries: notifications.map((item) => ({ notification: item, read: false })),
  unread: notifications.length,
});

describe('inboxArrivals', () => {
  it('brings nothing for the first inbox a page receives', () => {
    expect(inboxArrivals(null, inbox(notification('a')))).toEqual([]);
  });

  it('brings new notifications oldest first, and resolutions newly set', () => {
    const arrivals = inboxArrivals(
      inbox(notification('a'), notification('b', true)),
      inbox(notification('d'), notification('c'), notification('a', true), notification('b', true)),
    );
    expect(arrivals.map((arrival) => `${arrival.type} ${arrival.notification.id}`)).toEqual([
      'resolved a',
      'fired c',
      'fired d',
    ]);
  });
});
