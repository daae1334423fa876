import { z } from 'zod';
import { linkTargetSchema } from '../desktop/deepLink';
import { environmentNameSchema, kafkaNameSchema } from '../nameSchemas';

/**
 * What the console tells people without being looked at: a consumer group in trouble, a
 * rollout that failed or was rolled back, an alarm, an action that finished, and a webhook
 * that could not be reached. Times are epoch milliseconds.
 */

export const notificationRuleSchema = z.enum([
  /** Burrow's group status turned ERR. */
  'group-err',
  /** Lag on a partition that no live member of the group holds. */
  'group-unconsumed-lag',
  /** A rollout failed, or the circuit breaker or an alarm rolled it back. */
  'rollout-failed',
  /** A CloudWatch alarm went to ALARM; it resolves when it is back to OK. */
  'alarm',
  /** A rollback, promotion or sandbox scenario the console started finished. */
  'action-finished',
  /** A webhook sink could not take a notification after its retries. */
  'delivery-failed',
]);
export type NotificationRule = z.infer<typeof notificationRuleSchema>;

export const notificationRuleNames: Readonly<Record<NotificationRule, string>> = {
  'group-err': 'consumer group in ERR',
  'group-unconsumed-lag': 'lag nobody consumes',
  'rollout-failed': 'rollout failed',
  alarm: 'alarm',
  'action-finished': 'action finished',
  'delivery-failed': 'webhook delivery failed',
};

export const notificationSeveritySchema = z.enum(['error', 'warning', 'info']);
export type NotificationSeverity = z.infer<typeof notificationSeveritySchema>;

/**
 * What a notification is about, as mutes match it: the thing's key (a service key, a group
 * key, an alarm name) with the environment, service and consumer group it concerns, where known.
 */
export const notificationSubjectSchema = z.object({
  key: z.string(),
  environment: z.string().nullable(),
  service: z.string().nullable(),
  kafkaCluster: z.string().nullable(),
  group: z.string().nullable(),
});
export type NotificationSubject = z.infer<typeof notificationSubjectSchema>;

export const notificationSchema = z.object({
  id: z.string(),
  rule: notificationRuleSchema,
  subject: notificationSubjectSchema,
  severity: notificationSeveritySchema,
  title: z.string(),
  body: z.string(),
  /** What clicking it opens; null for what concerns no service or group. */
  link: linkTargetSchema.nullable(),
  firedAt: z.number(),
  /** Set when what it reported cleared ("back to OK"); that is sent as well. */
  resolution: z.object({ at: z.number(), title: z.string(), body: z.string() }).nullable(),
});
export type Notification = z.infer<typeof notificationSchema>;

export const inboxEntrySchema = z.object({
  notification: notificationSchema,
  /** Unread again when its resolution arrives, so the count says something changed. */
  read: z.boolean(),
});
export type InboxEntry = z.infer<typeof inboxEntrySchema>;

/** The in-app inbox: the newest notifications first, and how many are unread. */
export const inboxSchema = z.object({
  entries: z.array(inboxEntrySchema),
  unread: z.number().int().nonnegative(),
});
export type Inbox = z.infer<typeof inboxSchema>;

/**
 * What a mute covers: a whole environment, one service in an environment, one consumer group,
 * or everything the console tells (the desktop app's tray menu mutes all for an hour).
 */
export const muteScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }).strict(),
  z.object({ kind: z.literal('environment'), environment: environmentNameSchema }).strict(),
  z
    .object({
      kind: z.literal('service'),
      environment: environmentNameSchema,
      service: z.string().min(1).max(255),
    })
    .strict(),
  z
    .object({ kind: z.literal('group'), kafkaCluster: kafkaNameSchema, group: z.string().min(1).max(255) })
    .strict(),
]);
export type MuteScope = z.infer<typeof muteScopeSchema>;

/** A mute in force: for good (`until` null) or until a time. */
export const muteSchema = z.object({ scope: muteScopeSchema, until: z.number().nullable() });
export type Mute = z.infer<typeof muteSchema>;

export function sameMuteScope(a: MuteScope, b: MuteScope): boolean {
  return muteScopeKey(a) === muteScopeKey(b);
}

function muteScopeKey(scope: MuteScope): string {
  switch (scope.kind) {
    case 'all':
      return 'all';
    case 'environment':
      return `environment|${scope.environment}`;
    case 'service':
      return `service|${scope.environment}|${scope.service}`;
    case 'group':
      return `group|${scope.kafkaCluster}|${scope.group}`;
  }
}

export function muteCovers(scope: MuteScope, subject: NotificationSubject): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'environment':
      return subject.environment === scope.environment;
    case 'service':
      return subject.environment === scope.environment && subject.service === scope.service;
    case 'group':
      return subject.kafkaCluster === scope.kafkaCluster && subject.group === scope.group;
  }
}
