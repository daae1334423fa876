import {
  markNotificationsRead,
  notificationMutes,
  notificationUpdates,
  setNotificationMute,
} from '../../../shared/ipc/notifications';
import type { IpcRouter } from '../ipc/router';
import type { NotificationService } from './notificationService';

/** The notifications' side of the contract: the inbox stream, marking read, and the mutes. */
export function registerNotificationHandlers(
  router: IpcRouter,
  notifications: Pick<NotificationService, 'inbox' | 'mutes' | 'setMute'>,
): void {
  router.registerStream(notificationUpdates, (_params, emit) => notifications.inbox.subscribe(emit));
  router.register(markNotificationsRead, ({ ids }) => ({ unread: notifications.inbox.markRead(ids) }));
  router.register(notificationMutes, () => ({ mutes: notifications.mutes() }));
  router.register(setNotificationMute, async ({ scope, state }) => ({
    mutes: await notifications.setMute(scope, state),
  }));
}
