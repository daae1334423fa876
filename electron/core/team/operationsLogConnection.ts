import type { Admin, Kafka, Producer } from 'kafkajs';
import { Partitioners } from 'kafkajs';
import { createKafkajsCluster, type KafkajsCluster } from '../kafka/kafkajsWire';
import {
  decodeRecord,
  encodeRecord,
  ensureOperationsTopic,
  type LoggedRecord,
  type OperationsLogConfig,
  type OperationsRecord,
} from './operationsLog';

/**
 * One program's connection to the operations log: a producer that waits for every in-sync
 * replica, and reads of one partition between two offsets. The reads go straight to the
 * partition's leader rather than through a consumer group, because a lock decision reads a
 * few records once and a group would cost a rebalance per claim.
 */

/** The parts of kafkajs' cluster and broker (below its public API) a bounded read needs. */
interface PartitionReadingCluster extends KafkajsCluster {
  addTargetTopic(topic: string): Promise<void>;
  refreshMetadataIfNecessary(): Promise<void>;
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
}

interface FetchedMessage {
  offset: string;
  value: Buffer | null;
}

interface FetchingBroker {
  fetch(request: {
    maxWaitTime: number;
    minBytes: number;
    maxBytes: number;
    topics: Array<{
      topic: string;
      partitions: Array<{ partition: number; fetchOffset: string; maxBytes: number }>;
    }>;
  }): Promise<{
    responses: Array<{
      partitions: Array<{ partition: number; highWatermark: string; messages: FetchedMessage[] }>;
    }>;
  }>;
}

/** Where a record landed. */
export interface AppendedRecord {
  partition: number;
  offset: number;
}

const fetchBytes = 1024 * 1024;

export class OperationsLogConnection {
  private producer: Producer;
  private readonly admin: Admin;
  private readonly cluster: PartitionReadingCluster;
  private idempotentProducer = true;

  constructor(
    private readonly kafka: Kafka,
    readonly config: OperationsLogConfig,
  ) {
    this.producer = this.newProducer(true);
    this.admin = kafka.admin();
    this.cluster = createKafkajsCluster(kafka) as PartitionReadingCluster;
  }

  /**
   * Whether the broker writes each send once however often kafkajs retries it. When it
   * will not give this program a producer id, sends are written at least once, and readers'
   * de-duplication by record id is what keeps the count right.
   */
  get idempotent(): boolean {
    return this.idempotentProducer;
  }

  /**
   * Idempotent where the broker allows it: a send retried after a lost answer is written
   * once. No auto-creation: a topic the broker made with its defaults would have the wrong
   * retention, so a missing topic is an error.
   */
  private newProducer(idempotent: boolean): Producer {
    return this.kafka.producer({
      idempotent,
      maxInFlightRequests: idempotent ? 1 : undefined,
      allowAutoTopicCreation: false,
      // Java's partitioner: a Java or librdkafka client keyed the same way picks the same partition.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  /** Connects, and creates the topic when it is missing and allowed (see ensureOperationsTopic). */
  async connect(): Promise<void> {
    await this.admin.connect();
    await ensureOperationsTopic(this.admin, this.config);
    await Promise.all([this.connectProducer(), this.cluster.connect()]);
    await this.cluster.addTargetTopic(this.config.topic);
  }

  private async connectProducer(): Promise<void> {
    try {
      await this.producer.connect();
    } catch (error) {
      if (!refusesProducerId(error)) throw error;
      await this.producer.disconnect();
      this.idempotentProducer = false;
      this.producer = this.newProducer(false);
      await this.producer.connect();
    }
  }

  async disconnect(): Promise<void> {
    await Promise.allSettled([
      this.producer.disconnect(),
      this.admin.disconnect(),
      this.cluster.disconnect(),
    ]);
  }

  /** Resolves once every in-sync replica has the record (acks -1). */
  async append(record: OperationsRecord): Promise<AppendedRecord> {
    const [written] = await this.producer.send({
      topic: this.config.topic,
      acks: -1,
      messages: [encodeRecord(record)],
    });
    if (!written || written.baseOffset === undefined)
      throw new Error(`The broker did not say where it wrote to ${this.config.topic}`);
    return { partition: written.partition, offset: Number(written.baseOffset) };
  }

  /**
   * The first offset of `partition` whose record timestamp is at or after `timestamp`
   * (ListOffsets by timestamp), or the partition's end when none is.
   */
  async offsetAtTime(partition: number, timestamp: number): Promise<number> {
    const offsets = await this.admin.fetchTopicOffsetsByTimestamp(this.config.topic, timestamp);
    const found = offsets.find((offset) => offset.partition === partition);
    if (!found) throw new Error(`${this.config.topic} has no partition ${partition}`);
    return Number(found.offset);
  }

  /** The records of `partition` from `fromOffset` through `toOffset`, in order; unreadable ones skipped. */
  async read(partition: number, fromOffset: number, toOffset: number): Promise<LoggedRecord[]> {
    const topic = this.config.topic;
    await this.cluster.refreshMetadataIfNecessary();
    const leaders = this.cluster.findLeaderForPartitions(topic, [partition]);
    const leaderId = Object.keys(leaders)[0];
    if (leaderId === undefined) throw new Error(`No leader for ${topic} partition ${partition}`);
    const broker = (await this.cluster.findBroker({ nodeId: Number(leaderId) })) as unknown as FetchingBroker;
    const read: LoggedRecord[] = [];
    let next = fromOffset;
    while (next <= toOffset) {
      const answer = await broker.fetch({
        maxWaitTime: 0,
        minBytes: 1,
        maxBytes: fetchBytes,
        topics: [{ topic, partitions: [{ partition, fetchOffset: String(next), maxBytes: fetchBytes }] }],
      });
      const fetched = answer.responses[0]?.partitions[0];
      if (!fetched) throw new Error(`The leader of ${topic} partition ${partition} did not answer for it`);
      const messages = fetched.messages.filter((message) => Number(message.offset) >= next);
      if (messages.length === 0)
        throw new Error(
          `${topic} partition ${partition} gave no records from offset ${next} (it ends at ${fetched.highWatermark}), ` +
            `though the console wrote one at ${toOffset}`,
        );
      for (const message of messages) {
        const offset = Number(message.offset);
        if (offset > toOffset) break;
        const record = decodeRecord(message.value);
        if (record) read.push({ record, partition, offset });
      }
      next = Number(messages[messages.length - 1]!.offset) + 1;
    }
    return read;
  }
}

/**
 * A broker that will not give out producer ids: one too old for InitProducerId, or whose
 * ACLs deny this identity IdempotentWrite (Kafka before 2.8 asks for it on the cluster).
 */
function refusesProducerId(error: unknown): boolean {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if (current.name === 'KafkaJSServerDoesNotSupportApiKey') return true;
    const type = (current as { type?: unknown }).type;
    if (type === 'CLUSTER_AUTHORIZATION_FAILED' || type === 'UNSUPPORTED_VERSION') return true;
  }
  return false;
}
