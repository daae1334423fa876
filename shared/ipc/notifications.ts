import { z } from 'zod';
import { inboxSchema, muteSchema, muteScopeSchema } from '../notifications/notificationModel';
import { defineRequest, defineStream } from './channel';

/** The in-app inbox: the whole inbox first, then again each time it changes (it is small). */
export const notificationUpdates = defineStream('notifications.updates', {
  params: z.object({}).strict(),
  event: inboxSchema,
});

/** Marks notifications read: the ones named, or every one when `ids` is absent. */
export const markNotificationsRead = defineRequest('notifications.markRead', {
  request: z.object({ ids: z.array(z.string().min(1).max(200)).max(500).optional() }).strict(),
  response: z.object({ unread: z.number().int().nonnegative() }),
});

/** The mutes in force now (expired ones are gone). */
export const notificationMutes = defineRequest('notifications.mutes', {
  request: z.object({}).strict(),
  response: z.object({ mutes: z.array(muteSchema) }),
});

/**
 * Turns notifications about an environment, a service or a consumer group on, off, or off
 * until a time. Not an action: it changes what this console tells, nothing on the platform,
 * so a read-only console may do it too (see electron/core/notifications/muteStore.ts).
 */
export const setNotificationMute = defineRequest('notifications.setMute', {
  request: z
    .object({
      scope: muteScopeSchema,
      state: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('on') }).strict(),
        z.object({ kind: z.literal('muted') }).strict(),
        z.object({ kind: z.literal('muted-until'), until: z.number().int().positive() }).strict(),
      ]),
    })
    .strict(),
  response: z.object({ mutes: z.array(muteSchema) }),
});
