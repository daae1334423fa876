import { z } from 'zod';
import { ipcErrorSchema } from '../ipc/result';

/**
 * Consumer lag as the console sees it. Partition statuses follow LinkedIn Burrow's rules;
 * at group level STOP, STALL and REWIND are reported as ERR, as Burrow's group status does.
 * Times are epoch milliseconds, rates are messages per second.
 */

export const partitionStatusSchema = z.enum(['OK', 'WARN', 'STALL', 'STOP', 'REWIND']);
export type PartitionStatus = z.infer<typeof partitionStatusSchema>;

/** UNKNOWN while no partition has a complete enough window to judge. */
export const groupStatusSchema = z.enum(['OK', 'WARN', 'ERR', 'UNKNOWN']);
export type GroupStatus = z.infer<typeof groupStatusSchema>;

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
  status: partitionStatusSchema,
  /** Share of the evaluation window that is filled (Burrow's "complete"), 0..1. */
  complete: z.number().min(0).max(1),
  owner: partitionOwnerSchema.nullable(),
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
  status: groupStatusSchema,
  /** The worst partition's status, for the reason line ("payment-process/2 STALL"). */
  worstPartition: z
    .object({ topic: z.string(), partition: z.number().int(), status: partitionStatusSchema })
    .nullable(),
  /** One line in words saying why the status is what it is. */
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
  refreshIntervalMs: z.number().int(),
});
export type KafkaClusterStatus = z.infer<typeof kafkaClusterStatusSchema>;

export const lagSnapshotSchema = z.object({
  clusters: z.array(kafkaClusterStatusSchema),
  groups: z.array(groupLagSummarySchema),
  generatedAt: z.number(),
});
export type LagSnapshot = z.infer<typeof lagSnapshotSchema>;

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
