import { z } from 'zod';

/**
 * The incident timeline: one time-ordered list of what changed on the platform — deployments
 * starting, completing, failing and rolling back, ECS service events, consumer groups changing
 * status, error-rate spikes in the logs, CloudWatch alarms changing state, services scaled by
 * Application Auto Scaling, and the console's own audited actions — so that
 * "what changed right before this broke?" has one place to look. Times are epoch milliseconds.
 */

export const timelineKindSchema = z.enum([
  'deployment-started',
  'deployment-completed',
  'deployment-failed',
  'deployment-rolled-back',
  'service-event',
  'lag-status',
  'error-spike',
  'alarm-state',
  'scaling',
  'audit',
]);
export type TimelineKind = z.infer<typeof timelineKindSchema>;

/** How much an entry matters: `ok` is something getting better (a rollout done, lag back to OK). */
export const timelineSeveritySchema = z.enum(['info', 'ok', 'warning', 'error']);
export type TimelineSeverity = z.infer<typeof timelineSeveritySchema>;

export const timelineEntrySchema = z.object({
  /** Stable: the same change seen twice (a re-read, a re-subscription) has the same id. */
  id: z.string(),
  /** When it happened, as its source stamps it (ECS, the lag monitor, the log, the audit log). */
  at: z.number(),
  kind: timelineKindSchema,
  severity: timelineSeveritySchema,
  /** null for a Kafka cluster that belongs to no configured environment. */
  environment: z.string().nullable(),
  /** The ECS cluster, or the Kafka cluster for a consumer group's entries. */
  cluster: z.string().nullable(),
  /** The ECS service it is about; for a consumer group, the service that owns it when known. */
  service: z.string().nullable(),
  /** The consumer group, for lag entries. */
  group: z.string().nullable(),
  /** One line, in words: "payment-service deploying payment-service:4 (from payment-service:3)". */
  title: z.string(),
  /** More, when there is more to say; may be empty. */
  detail: z.string(),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

/** What the recorder watches, in words, so an empty timeline can say what it would have shown. */
export const timelineSourceSchema = z.enum([
  'deployments',
  'service events',
  'consumer lag',
  'error rates',
  'audit log',
  'alarms and scaling',
]);
export type TimelineSource = z.infer<typeof timelineSourceSchema>;

export const timelineEventSchema = z.discriminatedUnion('type', [
  /** The entries recorded so far that match the subscription, oldest first. */
  z.object({
    type: z.literal('snapshot'),
    entries: z.array(timelineEntrySchema),
    /** Since when changes are recorded: older ones are not known (or were let go). */
    recordingSince: z.number(),
    sources: z.array(timelineSourceSchema),
  }),
  /** New entries, oldest first; one may be older than entries sent before (ECS stamps lag behind). */
  z.object({ type: z.literal('append'), entries: z.array(timelineEntrySchema) }),
]);
export type TimelineEvent = z.infer<typeof timelineEventSchema>;

/** Narrows the timeline to one service (in one environment); entries of unknown environment match any. */
export interface TimelineFilter {
  service?: string | undefined;
  environment?: string | undefined;
}

export function matchesTimelineFilter(entry: TimelineEntry, filter: TimelineFilter): boolean {
  if (filter.service !== undefined && entry.service !== filter.service) return false;
  if (
    filter.environment !== undefined &&
    entry.environment !== null &&
    entry.environment !== filter.environment
  )
    return false;
  return true;
}

/**
 * At the same millisecond, causes before effects: an action before the deployment it makes,
 * a failure before the rollback it sets off.
 */
const kindOrder: Record<TimelineKind, number> = {
  audit: 0,
  'deployment-started': 1,
  'deployment-failed': 2,
  'deployment-rolled-back': 3,
  'deployment-completed': 4,
  'service-event': 5,
  'lag-status': 6,
  'error-spike': 7,
  'alarm-state': 8,
  scaling: 9,
};

/** Orders entries by time, then kind, then id, so two lists of the same entries are always in the same order. */
export function compareTimelineEntries(a: TimelineEntry, b: TimelineEntry): number {
  return a.at - b.at || kindOrder[a.kind] - kindOrder[b.kind] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Adds `incoming` to a list sorted by `compareTimelineEntries`, skipping ids already there,
 * and keeps at most `limit` entries (the newest). Returns the same array when nothing was
 * added, so a store can tell.
 */
export function mergeTimelineEntries(
  sorted: readonly TimelineEntry[],
  incoming: readonly TimelineEntry[],
  limit: number,
): readonly TimelineEntry[] {
  const known = new Set(sorted.map((entry) => entry.id));
  const fresh: TimelineEntry[] = [];
  for (const entry of incoming) {
    if (known.has(entry.id)) continue;
    known.add(entry.id);
    fresh.push(entry);
  }
  if (fresh.length === 0) return sorted;
  fresh.sort(compareTimelineEntries);
  const last = sorted[sorted.length - 1];
  // The usual case: everything new is newer than what is held.
  const merged =
    last === undefined || compareTimelineEntries(last, fresh[0]!) < 0
      ? [...sorted, ...fresh]
      : mergeSorted(sorted, fresh);
  return merged.length > limit ? merged.slice(merged.length - limit) : merged;
}

function mergeSorted(a: readonly TimelineEntry[], b: readonly TimelineEntry[]): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length)
    out.push(compareTimelineEntries(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!);
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}
