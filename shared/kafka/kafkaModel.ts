import { z } from 'zod';
import { ipcErrorSchema } from '../ipc/result';
import { appendedPointsSchema, elementsPatchSchema, keyedPatchSchema } from '../live/keyedPatch';

/**
 * Consumer lag as the console sees it, in two separate judgements:
 *   - Burrow's status (`burrowStatus`): LinkedIn Burrow's evaluator, its rules, its order and
 *     its words, on the same inputs (a window of commits with their times and lags, and the
 *     time now; shared/kafka/burrowEvaluator.ts). At group level STOP, STALL and REWIND read
 *     ERR, as Burrow's group status does.
 *   - The console's own findings (`findings`): what it sees beside Burrow's rules — lag no live
 *     member will consume, a group rebalancing without end, lag rising while the group stands
 *     still (shared/kafka/consoleFindings.ts). They have names of their own, never Burrow's.
 * A group's `severity`, what sorts and colours it, is the worse of the two.
 * Times are epoch milliseconds, rates are messages per second.
 */

/** Burrow's partition status: OK, WARN (lag grew over the whole window), STOP, STALL, REWIND. */
export const partitionStatusSchema = z.enum(['OK', 'WARN', 'STOP', 'STALL', 'REWIND']);
export type PartitionStatus = z.infer<typeof partitionStatusSchema>;

/**
 * Burrow's group status: the worst partition's, with STOP, STALL and REWIND as ERR. NOTFOUND
 * while no partition of the group has a commit in its window (Burrow holds nothing for it).
 * A partition whose window is not complete enough to judge is OK, as Burrow reports it; the
 * group's `complete` says how much of its windows is filled.
 */
export const groupStatusSchema = z.enum(['NOTFOUND', 'OK', 'WARN', 'ERR']);
export type GroupStatus = z.infer<typeof groupStatusSchema>;

/**
 * How bad a group is, all things considered: the worse of Burrow's status and the console's
 * findings. `unknown` when nothing is judged yet (Burrow's NOTFOUND, or OK on windows too
 * empty to judge) and nothing was found.
 */
export const lagSeveritySchema = z.enum(['ok', 'unknown', 'warn', 'error']);
export type LagSeverity = z.infer<typeof lagSeveritySchema>;

/**
 * The console's findings, beside Burrow's status:
 *   - `no-consumer-assigned`: lag on a partition that no live member of the group holds;
 *   - `rebalancing-without-end`: the group keeps rebalancing, so nobody keeps its partitions;
 *   - `lag-rising-while-still`: the lag keeps rising while the group's offset stands still
 *     or barely moves.
 */
export const consoleFindingKindSchema = z.enum([
  'no-consumer-assigned',
  'rebalancing-without-end',
  'lag-rising-while-still',
]);
export type ConsoleFindingKind = z.infer<typeof consoleFindingKindSchema>;

export const consoleFindingSchema = z.object({
  kind: consoleFindingKindSchema,
  severity: z.enum(['warn', 'error']),
  /** One line in words: what was found, where, since when. */
  summary: z.string(),
  /** The partitions it concerns; empty for what concerns the whole group. */
  partitions: z.array(z.object({ topic: z.string(), partition: z.number().int().nonnegative() })),
});
export type ConsoleFinding = z.infer<typeof consoleFindingSchema>;

/** Where the commits Burrow's rules judge come from (see shared/kafka/partitionWindow.ts). */
export const commitSourceSchema = z.enum(['commit-log', 'offset-polls']);
export type CommitSource = z.infer<typeof commitSourceSchema>;

export const lagTrendSchema = z.enum(['growing', 'draining', 'flat', 'unknown']);
export type LagTrend = z.infer<typeof lagTrendSchema>;

/** When the group will have caught up, from the consume rate against the produce rate. */
export const drainEtaSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('caught-up') }),
  z.object({ kind: z.literal('eta'), seconds: z.number().nonnegative() }),
  /** Not draining: the group consumes no faster than producers write. */
  z.object({ kind: z.literal('never') }),
  /** Not enough history yet to say. */
  z.object({ kind: z.literal('unknown') }),
]);
export type DrainEta = z.infer<typeof drainEtaSchema>;

export const partitionOwnerSchema = z.object({
  memberId: z.string(),
  clientId: z.string(),
  host: z.string(),
});
export type PartitionOwner = z.infer<typeof partitionOwnerSchema>;

export const partitionLagSchema = z.object({
  topic: z.string(),
  partition: z.number().int().nonnegative(),
  endOffset: z.number().int().nullable(),
  /** null: the group has never committed on this partition (shown as such, never as 0). */
  committedOffset: z.number().int().nullable(),
  /** max(end − committed, 0); null when there is no commit. */
  lag: z.number().int().nonnegative().nullable(),
  burrowStatus: partitionStatusSchema,
  /** Share of the evaluation window that is filled (Burrow's "complete"), 0..1. */
  complete: z.number().min(0).max(1),
  /** False while the window is too empty to judge (below `minimum-complete`): Burrow then says OK. */
  judged: z.boolean(),
  owner: partitionOwnerSchema.nullable(),
  /** The console's findings that concern this partition. */
  findings: z.array(consoleFindingKindSchema),
});
export type PartitionLag = z.infer<typeof partitionLagSchema>;

export const lagPointSchema = z.object({ at: z.number(), totalLag: z.number().int().nonnegative() });
export type LagPoint = z.infer<typeof lagPointSchema>;

export const groupLagSummarySchema = z.object({
  /** Stable identity: `${kafkaCluster}|${groupId}`. */
  key: z.string(),
  kafkaCluster: z.string(),
  groupId: z.string(),
  /** Kafka's group state: Stable, Empty, PreparingRebalance, CompletingRebalance, Dead. */
  state: z.string(),
  burrowStatus: groupStatusSchema,
  /** Burrow's worst partition, for the reason line ("payment-process/2 STALL"); null while all are OK. */
  worstPartition: z
    .object({ topic: z.string(), partition: z.number().int(), burrowStatus: partitionStatusSchema })
    .nullable(),
  /** Why Burrow's status is what it is, in words. */
  burrowReason: z.string(),
  /** The console's own findings, worst first. */
  findings: z.array(consoleFindingSchema),
  /** The worse of Burrow's status and the findings: what sorts, colours and alerts. */
  severity: lagSeveritySchema,
  /** One line in words for the row: the worse of Burrow's reason and the findings first. */
  statusReason: z.string(),
  topics: z.array(z.string()),
  partitionCount: z.number().int(),
  partitionsWithoutCommit: z.number().int(),
  /** null when the broker would not describe the group (`membersUnknown` says why). */
  memberCount: z.number().int().nullable(),
  /**
   * Why the group's lag is not known: its committed offsets could not be read (denied, or
   * the broker listed none and nothing says which topics to ask about) or its topics' end
   * offsets could not. The status is then UNKNOWN with this as the reason, never OK.
   */
  lagUnknown: ipcErrorSchema.nullable(),
  /** Why the group's members and state are not known (DescribeGroups denied or not implemented). */
  membersUnknown: ipcErrorSchema.nullable(),
  totalLag: z.number().int().nonnegative(),
  maxLag: z.object({ topic: z.string(), partition: z.number().int(), lag: z.number().int() }).nullable(),
  /** How far behind in time: the age of the oldest unconsumed message, estimated from end-offset history. */
  lagSeconds: z.number().nonnegative().nullable(),
  trend: lagTrendSchema,
  consumeRate: z.number().nonnegative().nullable(),
  produceRate: z.number().nonnegative().nullable(),
  eta: drainEtaSchema,
  /** Burrow's group "complete": the share of the group's partitions whose window is full. */
  complete: z.number().min(0).max(1),
  /** Bounded recent history of total lag, for sparklines. */
  history: z.array(lagPointSchema),
  /** The ECS service this group belongs to, when known (config, tags or naming convention). */
  ownerService: z.string().nullable(),
  observedAt: z.number(),
});
export type GroupLagSummary = z.infer<typeof groupLagSummarySchema>;

export const kafkaClusterStatusSchema = z.object({
  name: z.string(),
  /** The environment the cluster belongs to, when configured. */
  environment: z.string().nullable(),
  brokers: z.array(z.string()),
  state: z.enum(['ok', 'stale', 'error']),
  lastSuccessAt: z.number().nullable(),
  error: ipcErrorSchema.nullable(),
  /**
   * Requests the cluster refused while the refresh went on without them: ListGroups denied
   * while named groups are still read, a topic whose end offsets are denied.
   */
  warnings: z.array(ipcErrorSchema),
  groupCount: z.number().int(),
  /** The interval the next refresh is scheduled at: the configured one, or the backoff after failures. */
  refreshIntervalMs: z.number().int(),
  /**
   * Time between the last two successful reads: the interval achieved; null before the
   * second (absent from producers older than the field, which reads the same: not known).
   */
  achievedRefreshMs: z.number().int().nullable().optional(),
  commitSource: commitSourceSchema,
  /** Why commits come from polls rather than the commit log, or how far the commit log still is to read. */
  commitSourceNote: z.string().nullable(),
});
export type KafkaClusterStatus = z.infer<typeof kafkaClusterStatusSchema>;

export const lagSnapshotSchema = z.object({
  clusters: z.array(kafkaClusterStatusSchema),
  groups: z.array(groupLagSummarySchema),
  generatedAt: z.number(),
});
export type LagSnapshot = z.infer<typeof lagSnapshotSchema>;

/** What changed since the monitor's last event, changed groups whole: what main's own readers get. */
export const lagDeltaSchema = z.object({
  upserted: z.array(groupLagSummarySchema),
  removed: z.array(z.string()),
  clusters: z.array(kafkaClusterStatusSchema),
  generatedAt: z.number(),
});
export type LagDelta = z.infer<typeof lagDeltaSchema>;

export const lagEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('snapshot'), snapshot: lagSnapshotSchema }),
  z.object({ type: z.literal('delta'), delta: lagDeltaSchema }),
]);
export type LagEvent = z.infer<typeof lagEventSchema>;

/**
 * What crosses to the page after the snapshot: new groups whole, changed ones as their
 * changed fields, their `history` as the points added and their findings by kind
 * (shared/live/keyedPatch.ts).
 */
export const lagPatchSchema = keyedPatchSchema(groupLagSummarySchema, kafkaClusterStatusSchema, {
  append: { history: appendedPointsSchema(lagPointSchema) },
  elements: { findings: elementsPatchSchema(consoleFindingSchema) },
});
export type LagPatch = z.infer<typeof lagPatchSchema>;

/** As the fleet's: a large snapshot comes in pages, problems first (shared/live/keyedPages.ts). */
export const lagStreamEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('snapshot'),
    snapshot: lagSnapshotSchema,
    remaining: z.number().int().nonnegative().optional(),
  }),
  z.object({
    type: z.literal('more'),
    items: z.array(groupLagSummarySchema),
    remaining: z.number().int().nonnegative(),
  }),
  z.object({ type: z.literal('delta'), delta: lagPatchSchema }),
]);
export type LagStreamEvent = z.infer<typeof lagStreamEventSchema>;

export const groupMemberSchema = z.object({
  memberId: z.string(),
  clientId: z.string(),
  host: z.string(),
  assignments: z.array(z.object({ topic: z.string(), partitions: z.array(z.number().int()) })),
});

export const groupLagDetailsSchema = z.object({
  group: groupLagSummarySchema,
  partitions: z.array(partitionLagSchema),
  members: z.array(groupMemberSchema),
});
export type GroupLagDetails = z.infer<typeof groupLagDetailsSchema>;

export const topicInfoSchema = z.object({
  name: z.string(),
  partitions: z.number().int(),
  /** Sum over partitions of end − start offsets. */
  messages: z.number().int().nonnegative(),
});
export type TopicInfo = z.infer<typeof topicInfoSchema>;

/** A message value decoded for display: JSON (pretty), UTF-8 text, or hex for binary. */
export const decodedValueSchema = z.object({
  encoding: z.enum(['json', 'text', 'hex', 'empty']),
  text: z.string(),
  /** True when the text was cut to the display limit. */
  truncated: z.boolean(),
});
export type DecodedValue = z.infer<typeof decodedValueSchema>;

export const tailMessageSchema = z.object({
  partition: z.number().int(),
  offset: z.number().int(),
  timestamp: z.number(),
  key: decodedValueSchema.nullable(),
  value: decodedValueSchema,
  size: z.number().int().nonnegative(),
  headers: z.array(z.object({ name: z.string(), value: z.string() })),
});
export type TailMessage = z.infer<typeof tailMessageSchema>;

export const tailEventSchema = z.discriminatedUnion('type', [
  /** The tail's consumer state; `tailId` names it for pause/resume. */
  z.object({
    type: z.literal('status'),
    tailId: z.string(),
    groupId: z.string(),
    state: z.enum(['starting', 'running', 'paused', 'reconnecting', 'stopped']),
    error: ipcErrorSchema.nullable(),
  }),
  /** A batch of new messages with the running counters. */
  z.object({
    type: z.literal('messages'),
    messages: z.array(tailMessageSchema),
    messagesPerSecond: z.number().nonnegative(),
    received: z.number().int().nonnegative(),
    /** Messages dropped from the bounded buffer because the page fell behind. */
    dropped: z.number().int().nonnegative(),
  }),
]);
export type TailEvent = z.infer<typeof tailEventSchema>;
