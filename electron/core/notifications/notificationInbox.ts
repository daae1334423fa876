import type { Inbox, InboxEntry } from '../../../shared/notifications/notificationModel';
import type { Delivery } from './notifier';

/**
 * The in-app inbox: the newest `capacity` notifications, newest first, each read or not. A
 * resolution updates its notification in place and makes it unread again, so the count in
 * the status bar says that something changed.
 */
export class NotificationInbox {
  private entries: InboxEntry[] = [];
  private readonly listeners = new Set<(inbox: Inbox) => void>();

  constructor(private readonly capacity = 100) {}

  receive(delivery: Delivery): void {
    const { notification } = delivery;
    const rest = this.entries.filter((entry) => entry.notification.id !== notification.id);
    this.entries = [{ notification, read: false }, ...rest].slice(0, this.capacity);
    this.publish();
  }

  /** Marks the notifications named read, or every one; returns how many are unread. */
  markRead(ids?: readonly string[]): number {
    const named = ids ? new Set(ids) : null;
    this.entries = this.entries.map((entry) =>
      named === null || named.has(entry.notification.id) ? { ...entry, read: true } : entry,
    );
    this.publish();
    return this.current().unread;
  }

  current(): Inbox {
    return {
      entries: this.entries.map((entry) => ({ ...entry })),
      unread: this.entries.filter((entry) => !entry.read).length,
    };
  }

  /** The inbox now, then again at each change, until the returned function is called. */
  subscribe(listener: (inbox: Inbox) => void): () => void {
    this.listeners.add(listener);
    listener(this.current());
    return () => {
      this.listeners.delete(listener);
    };
  }

  private publish(): void {
    const inbox = this.current();
    for (const listener of [...this.listeners]) listener(inbox);
  }
}
