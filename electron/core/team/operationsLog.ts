import type { Admin } from 'kafkajs';
import { z } from 'zod';
import { auditOutcomeSchema } from '../../../shared/actions/actionModel';

/**
 * The operations log: one Kafka topic that every console, console host and CLI of a team
 * writes each action's life to, and reads the team's actions and locks from. A record is
 * keyed by its target (cluster ARN + service), so everything about one service lands in one
 * partition, in the one order the broker gave it.
 */

export const defaultOperationsTopic = 'flarenet-console.operations';

/** Kafka's own limit on a topic's name, and its legal characters. */
const topicNamePattern = /^[a-zA-Z0-9._-]{1,249}$/;

const day = 24 * 60 * 60 * 1000;

/** A claim's lease unless the config says otherwise. */
export const defaultLeaseMs = 60_000;

/**
 * No claim holds longer than this from when it was written, whatever it says, and every
 * decision reads this far back. Every program of a team must agree on it, so it is a
 * constant of the format rather than a setting.
 */
export const longestLeaseMs = 10 * 60_000;

export const operationsLogConfigSchema = z
  .object({
    topic: z
      .string()
      .regex(topicNamePattern, 'must be a Kafka topic name')
      .default(defaultOperationsTopic)
      .describe(
        `The topic every console, console host and CLI of the team shares (default ${defaultOperationsTopic}).`,
      ),
    /** Create the topic when it is missing (needs CREATE on the topic or the cluster). */
    createTopic: z
      .boolean()
      .default(true)
      .describe('Create the topic when it is missing; needs the CREATE ACL on the topic or the cluster.'),
    /** retention.ms of a topic the console creates: long enough to read last week's incident back. */
    retentionMs: z
      .number()
      .int()
      .min(60 * 60 * 1000)
      .default(30 * day)
      .describe('retention.ms of a topic the console creates (default 30 days, at least an hour).'),
    /** Partitions of a topic the console creates; one service's records are on one of them. */
    partitions: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(6)
      .describe("Partitions of a topic the console creates; all of one service's records go to one of them."),
    /** Replication of a topic the console creates; -1 takes the cluster's default.replication.factor. */
    replicationFactor: z
      .number()
      .int()
      .min(-1)
      .max(16)
      .default(-1)
      .describe(
        "Replication of a topic the console creates; -1 takes the cluster's default.replication.factor.",
      ),
    /**
     * How long a claim holds without renewal: a holder that dies blocks its service this long.
     * Capped by the format's longest lease, which every program of a team reads back.
     */
    leaseMs: z
      .number()
      .int()
      .min(5_000)
      .max(longestLeaseMs)
      .default(defaultLeaseMs)
      .describe(
        'How long a team lock holds without renewal (default 60 s, at most 10 minutes): a console that dies mid-action blocks its service this long.',
      ),
  })
  .strict()
  .describe(
    "The team's shared operations log on this Kafka cluster: actions on the cluster's environment take a team-wide lock there and write their life to it. Without it, action locks are local to one console.",
  );
export type OperationsLogConfig = z.infer<typeof operationsLogConfigSchema>;

/** What an action acts on: one ECS service of one cluster, named so every console agrees. */
export const operationsTargetSchema = z
  .object({ clusterArn: z.string().min(1), service: z.string().min(1) })
  .strict();
export type OperationsTarget = z.infer<typeof operationsTargetSchema>;

/** The record key: every record about one service goes to the same partition. */
export function targetKey(target: OperationsTarget): string {
  return `${target.clusterArn}/${target.service}`;
}

/** Who acts (the AWS caller identity) and from where: which program, on which machine. */
export const operationsHolderSchema = z
  .object({
    identity: z.string().min(1),
    via: z.enum(['console', 'host', 'cli']),
    hostname: z.string().min(1),
  })
  .strict();
export type OperationsHolder = z.infer<typeof operationsHolderSchema>;

const recordBase = {
  /** The format's version; a reader skips records of a version it does not know. */
  v: z.literal(1),
  /** Unique per record: a record produced twice (a retry) is counted once by readers. */
  recordId: z.string().min(1).max(100),
  actionId: z.string().min(1).max(100),
  target: operationsTargetSchema,
  holder: operationsHolderSchema,
  /** When the holder wrote it, by the holder's clock (epoch ms); also the Kafka record's timestamp. */
  at: z.number().int().nonnegative(),
};

/** What the action does, in one line a colleague reads ("rolling back payment-service :4 → :3"), masked as the audit log is. */
const summarySchema = z.string().min(1).max(500);

export const claimedRecordSchema = z
  .object({
    ...recordBase,
    kind: z.literal('claimed'),
    /** Until when the claim holds unless renewed (a later claim of the same action) or released. */
    leaseExpiresAt: z.number().int().nonnegative(),
    summary: summarySchema,
  })
  .strict();

export const releasedRecordSchema = z
  .object({
    ...recordBase,
    kind: z.literal('released'),
    /** finished: the action is over; withdrawn: the claim lost to an earlier one and never acted. */
    reason: z.enum(['finished', 'withdrawn', 'abandoned']),
  })
  .strict();

export const plannedRecordSchema = z
  .object({ ...recordBase, kind: z.literal('planned'), summary: summarySchema })
  .strict();

export const startedRecordSchema = z
  .object({ ...recordBase, kind: z.literal('started'), summary: summarySchema })
  .strict();

export const progressRecordSchema = z
  .object({ ...recordBase, kind: z.literal('progress'), milestone: z.string().min(1).max(500) })
  .strict();

/** How an action ended, with ECS's word for it where there is one. */
const settlement = {
  outcome: auditOutcomeSchema,
  detail: z.string().max(2000).nullable(),
};

export const finishedRecordSchema = z
  .object({ ...recordBase, kind: z.literal('finished'), ...settlement })
  .strict();

/** An action whose holder vanished, settled from what ECS showed by whoever acted next. */
export const reconciledRecordSchema = z
  .object({ ...recordBase, kind: z.literal('reconciled'), ...settlement })
  .strict();

export const operationsRecordSchema = z.discriminatedUnion('kind', [
  claimedRecordSchema,
  releasedRecordSchema,
  plannedRecordSchema,
  startedRecordSchema,
  progressRecordSchema,
  finishedRecordSchema,
  reconciledRecordSchema,
]);
export type OperationsRecord = z.infer<typeof operationsRecordSchema>;
export type ClaimedRecord = z.infer<typeof claimedRecordSchema>;

/** A record as read back, with where the broker put it. */
export interface LoggedRecord {
  record: OperationsRecord;
  partition: number;
  offset: number;
}

/** The Kafka message for a record: keyed by its target, stamped with the holder's time. */
export function encodeRecord(record: OperationsRecord): { key: string; value: string; timestamp: string } {
  const parsed = operationsRecordSchema.parse(record);
  return { key: targetKey(parsed.target), value: JSON.stringify(parsed), timestamp: String(parsed.at) };
}

/**
 * A message's record, or null when it is not one this console can read (another format
 * version, another program writing to the topic, a damaged value): readers skip it rather
 * than stop, since one bad record must not hide the team's others.
 */
export function decodeRecord(value: Buffer | null): OperationsRecord | null {
  if (value === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch {
    return null;
  }
  const parsed = operationsRecordSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/**
 * Each record id once, at its first offset: a producer that retried a send it never heard
 * back about (no idempotence on the broker, or a new producer after a restart) can leave a
 * record twice, and a reader must count it once. Remembers ids across calls, so a live
 * reader can feed it batch after batch.
 */
export class RecordDeduplicator {
  private readonly seen = new Set<string>();

  firstTimeOnly(records: readonly LoggedRecord[]): LoggedRecord[] {
    return records.filter((logged) => {
      if (this.seen.has(logged.record.recordId)) return false;
      this.seen.add(logged.record.recordId);
      return true;
    });
  }
}

/** The operations log cannot be used: the message names the topic and what is missing. */
export class OperationsLogUnavailable extends Error {
  override name = 'OperationsLogUnavailable';
}

/**
 * Makes sure the topic exists: creates it with its retention when the config allows and the
 * cluster lets this identity, and otherwise says which topic is missing and what it would
 * take. Never falls back to a topic the broker auto-creates with its defaults, whose
 * retention would quietly drop the team's record.
 */
export async function ensureOperationsTopic(admin: Admin, config: OperationsLogConfig): Promise<void> {
  const topics = await admin.listTopics();
  if (topics.includes(config.topic)) return;
  if (!config.createTopic)
    throw new OperationsLogUnavailable(
      `The operations log topic ${config.topic} does not exist, and the config says not to create it ` +
        `(operationsLog.createTopic is false): ask the Kafka team to create it, or allow the console to.`,
    );
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic: config.topic,
          numPartitions: config.partitions,
          replicationFactor: config.replicationFactor,
          configEntries: [
            { name: 'retention.ms', value: String(config.retentionMs) },
            { name: 'cleanup.policy', value: 'delete' },
          ],
        },
      ],
    });
  } catch (error) {
    if (errorType(error) === 'TOPIC_ALREADY_EXISTS') return;
    throw new OperationsLogUnavailable(
      `The operations log topic ${config.topic} does not exist and could not be created: ` +
        `${creationProblem(error)}`,
      { cause: error },
    );
  }
}

function creationProblem(error: unknown): string {
  switch (errorType(error)) {
    case 'TOPIC_AUTHORIZATION_FAILED':
    case 'CLUSTER_AUTHORIZATION_FAILED':
      return 'this identity may not create topics (it needs the CREATE ACL on the topic or the cluster).';
    case 'INVALID_REPLICATION_FACTOR':
      return 'the replication factor in the config is more than the cluster has brokers.';
    case 'POLICY_VIOLATION':
      return "the cluster's topic creation policy refused it.";
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** kafkajs' protocol error type, also when wrapped in its createTopics error or its retries. */
function errorType(error: unknown): string | null {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    const type = (current as { type?: unknown }).type;
    if (typeof type === 'string') return type;
    const nested = (current as { errors?: unknown[] }).errors?.[0];
    if (nested instanceof Error) return errorType(nested);
  }
  return null;
}
