import { randomBytes } from 'node:crypto';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import { consumerOffsetsTopic, decodeConsumerOffsetsRecord } from './offsetCommitRecords';
import { tailGroupPrefix } from './topicTailSessions';

/**
 * Every offset commit of a Kafka cluster, read from `__consumer_offsets` from its oldest
 * record on, as Burrow reads them: the commits with their times that Burrow's rules judge
 * (shared/kafka/burrowEvaluator.ts), re-commits of an unchanged offset included, which an
 * offset poll cannot see.
 *
 * The reader is a kafkajs consumer in a group of its own (`flarenet-console-commits-…`,
 * which the lag monitor leaves out like the tails' groups) that commits nothing and is
 * deleted when the reader stops. It keeps, per partition of the topic, the next offset to
 * read: records a restarted consumer reads again are skipped, so no commit is counted
 * twice, and `readUpTo` can tell when everything written before a refresh has been read.
 */

export interface OffsetCommitRead {
  groupId: string;
  topic: string;
  partition: number;
  offset: number;
  /** The commit time, epoch ms. */
  timestamp: number;
}

export interface CommitLogReaderOptions {
  kafka: Kafka;
  onCommit: (commit: OffsetCommitRead) => void;
  /** The group's offset on the partition was deleted (a tombstone). */
  onDeleted: (groupId: string, topic: string, partition: number) => void;
  /** The group's metadata changed (a new generation, or the group removed): its members may have. */
  onGroupChanged?: (groupId: string) => void;
  /** The consumer crashed (kafkajs may start it again; the caller decides whether it should). */
  onFailure: (error: unknown) => void;
  /** How long the broker waits for new records before answering a fetch; default 250 ms. */
  maxWaitTimeInMs?: number;
  /**
   * Default 10 minutes: the reader heartbeats from its fetch loop, and a long replay, or a
   * test's simulated clock racing ahead, must not get it dropped from its own group.
   */
  sessionTimeoutMs?: number;
}

/** Per partition of `__consumer_offsets`: the oldest retained offset and the next to be written. */
export type LogEnds = ReadonlyMap<number, { low: number; high: number }>;

export class CommitLogReader {
  readonly groupId = `${tailGroupPrefix}commits-${randomBytes(6).toString('hex')}`;
  private readonly consumer: Consumer;
  private readonly admin: Admin;
  /** The next offset to read, per partition of `__consumer_offsets`. */
  private readonly positions = new Map<number, number>();
  /** The time of the newest record read, per partition. */
  private readonly readAt = new Map<number, number>();
  /** The log start offset per partition, as last read. */
  private readonly logStarts = new Map<number, number>();
  private readonly waiters = new Set<() => void>();
  private joined = false;
  private stopped = false;

  constructor(private readonly options: CommitLogReaderOptions) {
    this.admin = options.kafka.admin();
    this.consumer = options.kafka.consumer({
      groupId: this.groupId,
      maxWaitTimeInMs: options.maxWaitTimeInMs ?? 250,
      sessionTimeout: options.sessionTimeoutMs ?? 600_000,
      rebalanceTimeout: 60_000,
      heartbeatInterval: 3000,
      allowAutoTopicCreation: false,
    });
  }

  /** Joins, and starts reading from the oldest record; rejects when the topic cannot be read. */
  async start(): Promise<void> {
    const { consumer } = this;
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      // Batches of control records or compacted gaps only: nothing to read, but the position moves.
      if (payload.topic === consumerOffsetsTopic)
        this.advance(payload.partition, Number(payload.lastOffset) + 1);
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!this.stopped) this.options.onFailure(payload.error);
    });
    await this.admin.connect();
    this.joined = true;
    await consumer.connect();
    await consumer.subscribe({ topics: [consumerOffsetsTopic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: ({ batch }) => {
        const read = this.positions.get(batch.partition) ?? 0;
        // Positions and times are kept once a batch: a large cluster writes thousands of commits a second.
        let next = read;
        let newest: string | null = null;
        try {
          for (const message of batch.messages) {
            const offset = Number(message.offset);
            if (offset < read) continue;
            next = offset + 1;
            newest = message.timestamp;
            this.dispatch(message.key, message.value);
          }
        } finally {
          // What was dispatched is not dispatched again should the batch be read again.
          if (newest !== null) this.readAt.set(batch.partition, Number(newest));
          this.advance(batch.partition, next);
        }
        return Promise.resolve();
      },
    });
  }

  /**
   * Where each partition of the topic ends now: what a refresh waits for the reader to reach.
   * Given the latest offsets (read with the lag's own ListOffsets), only those are new; the
   * log start offsets kept from the last full read stand in, since they only grow and matter
   * only for a partition the reader has nothing left to read in (`refreshLogStarts`).
   */
  async logEnds(latest?: ReadonlyArray<{ partition: number; end: number }> | null): Promise<LogEnds> {
    if (latest && this.logStarts.size > 0) {
      return new Map(
        latest.map(({ partition, end }) => [
          partition,
          { low: this.logStarts.get(partition) ?? 0, high: end },
        ]),
      );
    }
    return this.refreshLogStarts();
  }

  /** Reads the log start and end of every partition of the topic. */
  async refreshLogStarts(): Promise<LogEnds> {
    const offsets = await this.admin.fetchTopicOffsets(consumerOffsetsTopic);
    for (const o of offsets) this.logStarts.set(o.partition, Number(o.low));
    return new Map(offsets.map((o) => [o.partition, { low: Number(o.low), high: Number(o.high) }]));
  }

  /** Records written before `ends` that are not read yet. */
  behind(ends: LogEnds): number {
    let behind = 0;
    for (const [partition, { low, high }] of ends) {
      behind += Math.max(0, high - Math.max(low, this.positions.get(partition) ?? 0));
    }
    return behind;
  }

  /**
   * How far back what is left to read may go: the time of the newest record read on the
   * partitions not read up to `ends`, the oldest of those (what follows it is unread); null
   * when nothing is left, −Infinity when a partition with records to read has none read yet.
   */
  unreadSince(ends: LogEnds): number | null {
    let since: number | null = null;
    for (const [partition, { low, high }] of ends) {
      if (high - Math.max(low, this.positions.get(partition) ?? 0) <= 0) continue;
      const readAt = this.readAt.get(partition) ?? Number.NEGATIVE_INFINITY;
      since = since === null ? readAt : Math.min(since, readAt);
    }
    return since;
  }

  /** Resolves true once everything written before `ends` is read, false after `timeoutMs`. */
  readUpTo(ends: LogEnds, timeoutMs: number): Promise<boolean> {
    if (this.behind(ends) === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = () => {
        if (this.behind(ends) > 0 && !this.stopped) return;
        finish(this.behind(ends) === 0);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      const finish = (done: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(done);
      };
      this.waiters.add(check);
    });
  }

  /** Leaves and deletes the reader's group; failures are not the caller's concern. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const waiter of [...this.waiters]) waiter();
    await this.consumer.disconnect().catch(() => undefined);
    if (this.joined) await this.admin.deleteGroups([this.groupId]).catch(() => undefined);
    await this.admin.disconnect().catch(() => undefined);
  }

  private dispatch(key: Buffer | null, value: Buffer | null): void {
    const record = decodeConsumerOffsetsRecord(key, value);
    if (record.kind === 'commit') {
      this.options.onCommit({
        groupId: record.group,
        topic: record.topic,
        partition: record.partition,
        offset: record.offset,
        timestamp: record.timestamp,
      });
    } else if (record.kind === 'deleted') {
      this.options.onDeleted(record.group, record.topic, record.partition);
    } else if (record.kind === 'group') {
      this.options.onGroupChanged?.(record.group);
    }
  }

  private advance(partition: number, next: number): void {
    if (next <= (this.positions.get(partition) ?? 0)) return;
    this.positions.set(partition, next);
    for (const waiter of [...this.waiters]) waiter();
  }
}
