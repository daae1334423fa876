import type { NewRecord, RecordBatchHeader } from './recordBatch';
import { type DeferredBatch, defaultRetention, PartitionLog, type RetentionLimits } from './partitionLog';

export interface KafkaTopic {
  readonly name: string;
  readonly partitions: readonly PartitionLog[];
  /** Kafka's own topics (__consumer_offsets): listed as internal in metadata. */
  readonly internal: boolean;
  readonly configs: ReadonlyMap<string, string | null>;
}

export interface TopicOptions {
  internal?: boolean;
  configs?: ReadonlyMap<string, string | null>;
  /** Where each partition's empty log starts, for topics that look as if they had a history. */
  firstOffset?: (partition: number) => number;
}

const legalTopicName = /^[a-zA-Z0-9._-]+$/;
export const maxTopicNameLength = 249;

/** Why Kafka would refuse this topic name, or null when it is legal. */
export function topicNameProblem(name: string): string | null {
  if (name.length === 0) return 'Topic name is empty.';
  if (name === '.' || name === '..') return `Topic name cannot be "${name}".`;
  if (name.length > maxTopicNameLength)
    return `Topic name is ${name.length} characters long; at most ${maxTopicNameLength} are allowed.`;
  if (!legalTopicName.test(name))
    return `Topic name "${name}" is illegal: it contains characters other than ASCII alphanumerics, '.', '_' and '-'.`;
  return null;
}

type AppendListener = (topic: string, partition: number) => void;

/** Every topic the broker holds, and who wants to hear about appends (long-polling fetches). */
export class BrokerLog {
  private readonly topicsByName = new Map<string, KafkaTopic>();
  private readonly listeners = new Set<AppendListener>();

  constructor(readonly retention: RetentionLimits = defaultRetention) {}

  topics(): KafkaTopic[] {
    return [...this.topicsByName.values()];
  }

  topic(name: string): KafkaTopic | undefined {
    return this.topicsByName.get(name);
  }

  partition(topic: string, partition: number): PartitionLog | undefined {
    return this.topicsByName.get(topic)?.partitions[partition];
  }

  createTopic(name: string, partitionCount: number, options: TopicOptions = {}): KafkaTopic {
    const problem = topicNameProblem(name);
    if (problem) throw new Error(problem);
    if (this.topicsByName.has(name)) throw new Error(`Topic '${name}' already exists.`);
    if (!Number.isInteger(partitionCount) || partitionCount < 1)
      throw new Error(`Number of partitions must be at least 1 (got ${partitionCount}).`);
    const topic: KafkaTopic = {
      name,
      internal: options.internal ?? false,
      configs: options.configs ?? new Map(),
      partitions: Array.from(
        { length: partitionCount },
        (_, index) => new PartitionLog(name, index, this.retention, options.firstOffset?.(index) ?? 0),
      ),
    };
    this.topicsByName.set(name, topic);
    return topic;
  }

  deleteTopic(name: string): boolean {
    const deleted = this.topicsByName.delete(name);
    if (deleted) this.notify(name, -1);
    return deleted;
  }

  appendBatch(log: PartitionLog, batch: Buffer, header: RecordBatchHeader): number {
    const baseOffset = log.appendBatch(batch, header);
    this.notify(log.topic, log.partition);
    return baseOffset;
  }

  appendRecords(log: PartitionLog, records: readonly NewRecord[], timestamp: number): number {
    const baseOffset = log.appendRecords(records, timestamp);
    this.notify(log.topic, log.partition);
    return baseOffset;
  }

  /** Appends a batch the broker writes itself, encoded when first read. */
  appendDeferred(log: PartitionLog, batch: DeferredBatch): number {
    const baseOffset = log.appendDeferred(batch);
    this.notify(log.topic, log.partition);
    return baseOffset;
  }

  /** Calls `listener` after every append (partition -1: the topic was deleted); returns the unsubscribe. */
  onAppend(listener: AppendListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(topic: string, partition: number): void {
    for (const listener of [...this.listeners]) listener(topic, partition);
  }
}
