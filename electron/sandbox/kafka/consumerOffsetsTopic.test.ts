import type { Admin, Kafka, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, startSandbox, type Sandbox } from '../sandbox';
import {
  consumerOffsetsPartitionFor,
  decodeConsumerOffsetsKey,
  decodeOffsetCommitValue,
  type OffsetCommitKey,
} from './consumerOffsetsRecords';
import {
  collect,
  defaultPartitioner,
  eventually,
  kafkaClient,
  quickConsumer,
} from '../../testing/kafkaTestClients';
import { decodeRecordBatches } from './recordBatch';

let sandbox: Sandbox;
let kafka: Kafka;
let admin: Admin;
let producer: Producer;

beforeAll(async () => {
  sandbox = await startSandbox({ clock: new ManualClock(), seed: 3, lively: false });
  kafka = kafkaClient(sandbox.kafkaBootstrap, 'offsets-test');
  admin = kafka.admin();
  producer = kafka.producer({ createPartitioner: defaultPartitioner });
  await Promise.all([admin.connect(), producer.connect()]);
});

afterAll(async () => {
  await Promise.all([admin.disconnect(), producer.disconnect()]);
  await sandbox.close();
});

describe('__consumer_offsets', () => {
  it("holds every group's commits in Kafka's key and value format, readable by any consumer", async () => {
    await admin.createTopics({ topics: [{ topic: 'invoices', numPartitions: 2 }] });
    await producer.send({
      topic: 'invoices',
      messages: Array.from({ length: 10 }, (_, index) => ({
        key: `inv_${index}`,
        value: `invoice ${index}`,
      })),
    });
    const committer = kafka.consumer({ groupId: 'invoice-archiver', ...quickConsumer });
    await committer.connect();
    await committer.subscribe({ topic: 'invoices', fromBeginning: true });
    const archived = collect(committer);
    await eventually(() => archived.length === 10, 'the archiver has read the invoices');
    await committer.disconnect();
    const [committed] = await admin.fetchOffsets({ groupId: 'invoice-archiver', topics: ['invoices'] });
    const expected = new Map(committed!.partitions.map((p) => [p.partition, Number(p.offset)]));
    expect([...expected.values()].reduce((sum, offset) => sum + offset, 0)).toBe(10);
    // The platform's groups commit too as the sandbox runs.
    sandbox.advance(3_000);

    // A reader with no commits of its own, as Burrow reads the topic.
    const reader = kafka.consumer({ groupId: 'offsets-inspector', ...quickConsumer });
    await reader.connect();
    await reader.subscribe({ topic: '__consumer_offsets', fromBeginning: true });
    const records = collect(reader, { autoCommit: false });
    const groups = (): Set<string> =>
      new Set(records.map(({ message }) => decodeConsumerOffsetsKey(message.key!).group));
    await eventually(
      () => groups().has('invoice-archiver') && groups().has('payment-service'),
      'the reader has seen commits of the archiver and of payment-service',
    );
    await reader.stop();
    const [own] = await admin.fetchOffsets({ groupId: 'offsets-inspector', topics: ['__consumer_offsets'] });
    expect(own!.partitions.every((p) => p.offset === '-1')).toBe(true);

    const archiverRecords = records.filter(
      ({ message }) => decodeConsumerOffsetsKey(message.key!).group === 'invoice-archiver',
    );
    const latest = new Map<number, number>();
    for (const { partition, message } of archiverRecords) {
      expect(partition).toBe(consumerOffsetsPartitionFor('invoice-archiver', 50));
      // Read by field layout, independently of the decoder.
      const key = message.key!;
      expect(key.readInt16BE(0)).toBe(1);
      const groupLength = key.readInt16BE(2);
      expect(key.toString('utf8', 4, 4 + groupLength)).toBe('invoice-archiver');
      const topicLength = key.readInt16BE(4 + groupLength);
      expect(key.toString('utf8', 6 + groupLength, 6 + groupLength + topicLength)).toBe('invoices');
      const topicPartition = key.readInt32BE(6 + groupLength + topicLength);
      const value = message.value!;
      expect(value.readInt16BE(0)).toBe(3);
      const offset = Number(value.readBigInt64BE(2));
      expect(decodeOffsetCommitValue(value)).toMatchObject({ version: 3, offset });
      expect(decodeConsumerOffsetsKey(key)).toEqual<OffsetCommitKey>({
        version: 1,
        group: 'invoice-archiver',
        topic: 'invoices',
        partition: topicPartition,
      });
      latest.set(topicPartition, offset);
    }
    expect(latest).toEqual(expected);

    const platformCommit = records.find(
      ({ message }) => decodeConsumerOffsetsKey(message.key!).group === 'payment-service',
    )!;
    const platformKey = decodeConsumerOffsetsKey(platformCommit.message.key!) as OffsetCommitKey;
    expect(platformKey.topic).toBe('payment-process');
    expect(platformCommit.partition).toBe(consumerOffsetsPartitionFor('payment-service', 50));
    await reader.disconnect();
  });

  it('gets tombstones when a group is deleted', async () => {
    await admin.deleteGroups(['invoice-archiver']);
    expect((await admin.describeGroups(['invoice-archiver'])).groups[0]!.state).toBe('Dead');
    const log = sandbox.kafka.broker.log.partition(
      '__consumer_offsets',
      consumerOffsetsPartitionFor('invoice-archiver', 50),
    )!;
    const offsets = await admin.fetchTopicOffsets('__consumer_offsets');
    expect(Number(offsets.find((p) => p.partition === log.partition)!.high)).toBe(log.endOffset);
    const last = log
      .read(0, 1 << 24)
      .flatMap((bytes) => decodeRecordBatches(bytes))
      .flatMap((batch) => batch.records)
      .filter((record) => decodeConsumerOffsetsKey(record.key!).group === 'invoice-archiver')
      .slice(-2);
    expect(last.map((record) => record.value)).toEqual([null, null]);
  });
});
