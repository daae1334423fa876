import { AssignerProtocol, CompressionTypes, type Admin, type Kafka, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, startSandbox, type Sandbox } from '../sandbox';
import { isHealthy } from '../taskLifecycle';
import { sagaTopics } from './kafkaCatalogue';
import {
  collect,
  defaultPartitioner,
  eventually,
  kafkaClient,
  quickConsumer,
  rawRequest,
} from '../../testing/kafkaTestClients';
import { encodeRecordBatch } from './recordBatch';
import { WireReader, WireWriter } from './wireBuffer';

let sandbox: Sandbox;
let kafka: Kafka;
let admin: Admin;
let producer: Producer;

beforeAll(async () => {
  sandbox = await startSandbox({ clock: new ManualClock(), seed: 42, lively: false });
  kafka = kafkaClient(sandbox.kafkaBootstrap);
  admin = kafka.admin();
  producer = kafka.producer({ createPartitioner: defaultPartitioner });
  await Promise.all([admin.connect(), producer.connect()]);
});

afterAll(async () => {
  await Promise.all([admin.disconnect(), producer.disconnect()]);
  await sandbox.close();
});

const port = (): number => Number(sandbox.kafkaBootstrap.split(':')[1]);

describe('the broker seen through the kafkajs admin client', () => {
  it("lists FlareNet's topics and Kafka's own __consumer_offsets", async () => {
    const topics = await admin.listTopics();
    expect(topics).toEqual(expect.arrayContaining([...sagaTopics, '__consumer_offsets']));
  });

  it('describes every partition as led by the one broker, which is in sync', async () => {
    const { topics } = await admin.fetchTopicMetadata({ topics: ['payment-process', '__consumer_offsets'] });
    const nodeId = sandbox.kafka.broker.nodeId;
    const partitionsOf = (name: string) => topics.find((topic) => topic.name === name)!.partitions;
    expect(partitionsOf('payment-process')).toHaveLength(3);
    expect(partitionsOf('__consumer_offsets')).toHaveLength(50);
    for (const partition of partitionsOf('payment-process'))
      expect(partition).toMatchObject({
        partitionErrorCode: 0,
        leader: nodeId,
        replicas: [nodeId],
        isr: [nodeId],
      });
    const cluster = await admin.describeCluster();
    expect(cluster).toMatchObject({ controller: nodeId, clusterId: 'flarenet-sandbox' });
    expect(cluster.brokers).toEqual([{ nodeId, host: '127.0.0.1', port: port() }]);
  });

  it('reports each partition’s low and high offsets, which move as the platform produces', async () => {
    const before = await admin.fetchTopicOffsets('payment-process');
    const logs = sandbox.kafka.broker.log.topic('payment-process')!.partitions;
    expect(before.map(({ partition, low, high }) => [partition, Number(low), Number(high)])).toEqual(
      logs.map((log) => [log.partition, log.logStartOffset, log.endOffset]),
    );
    sandbox.advance(10_000);
    const after = await admin.fetchTopicOffsets('payment-process');
    const produced = after.reduce((sum, p, index) => sum + Number(p.high) - Number(before[index]!.high), 0);
    expect(produced).toBeGreaterThan(10);
  });

  it('creates topics, refusing one that exists, an impossible replication factor and an illegal name', async () => {
    expect(await admin.createTopics({ topics: [{ topic: 'conformance-created', numPartitions: 4 }] })).toBe(
      true,
    );
    expect(await admin.createTopics({ topics: [{ topic: 'conformance-created', numPartitions: 4 }] })).toBe(
      false,
    );
    const { topics } = await admin.fetchTopicMetadata({ topics: ['conformance-created'] });
    expect(topics[0]!.partitions).toHaveLength(4);
    await expect(
      admin.createTopics({
        topics: [{ topic: 'conformance-replicated', numPartitions: 1, replicationFactor: 3 }],
      }),
    ).rejects.toMatchObject({ errors: [{ type: 'INVALID_REPLICATION_FACTOR' }] });
    await expect(
      admin.createTopics({ topics: [{ topic: 'no/slashes', numPartitions: 1 }] }),
    ).rejects.toMatchObject({
      errors: [{ type: 'INVALID_TOPIC_EXCEPTION' }],
    });
  });

  it("lists the platform's consumer groups and describes their members as ECS tasks", async () => {
    const { groups } = await admin.listGroups();
    expect(groups).toEqual(
      expect.arrayContaining(
        [
          'order-service',
          'inventory-service',
          'payment-service',
          'notification-service',
          'analytics-service',
        ].map((groupId) => ({ groupId, protocolType: 'consumer' })),
      ),
    );
    const [group] = (await admin.describeGroups(['payment-service'])).groups;
    expect(group).toMatchObject({
      errorCode: 0,
      state: 'Stable',
      protocolType: 'consumer',
      protocol: 'range',
    });
    const tasks = sandbox.simulation
      .findCluster('flarenet-production')!
      .services.get('payment-service')!
      .tasks.filter(isHealthy);
    expect(group!.members.map((member) => member.clientId).sort()).toEqual(
      tasks.map((task) => `payment-service-${task.id}`).sort(),
    );
    for (const member of group!.members) expect(member.clientHost).toMatch(/^\/10\.0\.\d+\.\d+$/);
    const assigned = group!.members.flatMap(
      (member) =>
        AssignerProtocol.MemberAssignment.decode(member.memberAssignment)!.assignment['payment-process'] ??
        [],
    );
    expect(assigned.sort()).toEqual([0, 1, 2]);
  });

  it("fetches a group's committed offsets", async () => {
    const [topic] = await admin.fetchOffsets({ groupId: 'payment-service', topics: ['payment-process'] });
    expect(topic!.partitions.map((p) => [p.partition, Number(p.offset)]).sort()).toEqual(
      [0, 1, 2].map((partition) => [
        partition,
        sandbox.kafka.broker.coordinator.committed('payment-service', 'payment-process', partition)!.offset,
      ]),
    );
    const unknown = await admin.fetchOffsets({ groupId: 'nobody-here', topics: ['payment-process'] });
    expect(unknown[0]!.partitions.map((p) => p.offset)).toEqual(['-1', '-1', '-1']);
    expect((await admin.describeGroups(['nobody-here'])).groups[0]).toMatchObject({
      state: 'Dead',
      members: [],
    });
  });

  it('fetches every offset a group has committed when no topics are named', async () => {
    const [topic, ...others] = await admin.fetchOffsets({ groupId: 'inventory-service' });
    expect([topic!.topic, ...others.map((other) => other.topic)].sort()).toEqual([
      'inventory-reserve',
      'inventory-rollback',
    ]);
    expect(topic!.partitions.map((p) => p.partition).sort()).toEqual([0, 1, 2]);
  });

  it('creates a topic a producer writes to before anyone created it', async () => {
    await producer.send({ topic: 'conformance-auto-created', messages: [{ key: 'k', value: 'v' }] });
    const { topics } = await admin.fetchTopicMetadata({ topics: ['conformance-auto-created'] });
    expect(topics[0]!.partitions).toHaveLength(3);
    const offsets = await admin.fetchTopicOffsets('conformance-auto-created');
    expect(offsets.reduce((sum, p) => sum + Number(p.high), 0)).toBe(1);
  });

  it('finds offsets by timestamp', async () => {
    await admin.createTopics({ topics: [{ topic: 'conformance-timed', numPartitions: 1 }] });
    const at = Date.UTC(2025, 0, 1);
    await producer.send({
      topic: 'conformance-timed',
      messages: [0, 1, 2, 3].map((index) => ({ value: `m${index}`, timestamp: String(at + index * 1000) })),
    });
    const [found] = await admin.fetchTopicOffsetsByTimestamp('conformance-timed', at + 1500);
    expect(found).toEqual({ partition: 0, offset: '2' });
  });
});

describe('producing and consuming with kafkajs', () => {
  it('keeps keys, headers and timestamps, for every acks setting, compressed or not', async () => {
    await admin.createTopics({ topics: [{ topic: 'conformance-orders', numPartitions: 3 }] });
    const at = Date.UTC(2025, 5, 2, 9, 0, 0);
    const sent = await producer.send({
      topic: 'conformance-orders',
      acks: -1,
      messages: Array.from({ length: 6 }, (_, index) => ({
        key: `ord_${index}`,
        value: JSON.stringify({ orderId: `ord_${index}`, amount: index * 10 }),
        headers: { 'x-source-service': 'order-service', 'x-index': String(index) },
        timestamp: String(at + index),
      })),
    });
    expect(sent.every((result) => result.errorCode === 0)).toBe(true);
    await producer.send({ topic: 'conformance-orders', acks: 1, messages: [{ key: 'ord_6', value: 'one' }] });
    expect(
      await producer.send({
        topic: 'conformance-orders',
        acks: 0,
        messages: [{ key: 'ord_7', value: 'zero' }],
      }),
    ).toEqual([]);
    await producer.send({
      topic: 'conformance-orders',
      compression: CompressionTypes.GZIP,
      messages: [{ key: 'ord_8', value: 'gzipped' }],
    });
    await eventually(async () => {
      const offsets = await admin.fetchTopicOffsets('conformance-orders');
      return offsets.reduce((sum, p) => sum + Number(p.high), 0) === 9;
    }, 'all nine messages are in the log');

    const consumer = kafka.consumer({ groupId: 'conformance-readers', ...quickConsumer });
    await consumer.connect();
    await consumer.subscribe({ topic: 'conformance-orders', fromBeginning: true });
    const seen = collect(consumer);
    await eventually(() => seen.length === 9, 'the consumer has read all nine');
    const byKey = new Map(seen.map(({ message }) => [message.key!.toString(), message]));
    expect([...byKey.keys()].sort()).toEqual(Array.from({ length: 9 }, (_, index) => `ord_${index}`));
    expect(byKey.get('ord_3')!.value!.toString()).toBe('{"orderId":"ord_3","amount":30}');
    expect(byKey.get('ord_3')!.timestamp).toBe(String(at + 3));
    expect(byKey.get('ord_3')!.headers!['x-index']!.toString()).toBe('3');
    expect(byKey.get('ord_8')!.value!.toString()).toBe('gzipped');
    // Each key went to the partition Kafka's default partitioner picks.
    for (const { partition, message } of seen)
      expect(partition).toBe(
        defaultPartitioner()({
          topic: 'conformance-orders',
          partitionMetadata: [0, 1, 2].map((partitionId) => ({
            partitionId,
            leader: 1,
            partitionErrorCode: 0,
            replicas: [1],
            isr: [1],
          })),
          message: { key: message.key!.toString(), value: null },
        }),
      );

    await eventually(async () => {
      const [topic] = await admin.fetchOffsets({
        groupId: 'conformance-readers',
        topics: ['conformance-orders'],
      });
      const ends = await admin.fetchTopicOffsets('conformance-orders');
      return topic!.partitions.every(
        (p) => p.offset === ends.find((end) => end.partition === p.partition)!.high,
      );
    }, 'the group has committed the end of every partition');
    await consumer.disconnect();
    const [group] = (await admin.describeGroups(['conformance-readers'])).groups;
    expect(group).toMatchObject({ state: 'Empty', members: [] });
  });

  it('starts a new group at the end of the log when not told to read from the beginning', async () => {
    await admin.createTopics({ topics: [{ topic: 'conformance-latest', numPartitions: 2 }] });
    await producer.send({
      topic: 'conformance-latest',
      messages: [
        { key: 'a', value: 'old' },
        { key: 'b', value: 'old' },
      ],
    });
    const consumer = kafka.consumer({ groupId: 'conformance-latest-readers', ...quickConsumer });
    await consumer.connect();
    await consumer.subscribe({ topic: 'conformance-latest', fromBeginning: false });
    let joined = false;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      joined = true;
    });
    const seen = collect(consumer);
    await eventually(() => joined, 'the consumer has joined');
    // The consumer resolves "latest" when it starts fetching; give it that moment.
    await eventually(async () => {
      const described = (await admin.describeGroups(['conformance-latest-readers'])).groups[0]!;
      return described.state === 'Stable';
    }, 'the group is stable');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await producer.send({
      topic: 'conformance-latest',
      messages: [
        { key: 'a', value: 'new' },
        { key: 'b', value: 'new' },
      ],
    });
    await eventually(() => seen.length >= 2, 'the new messages arrive');
    expect(seen.map(({ message }) => message.value!.toString())).toEqual(['new', 'new']);
    await consumer.disconnect();
  });
});

describe('the wire protocol beyond what kafkajs sends', () => {
  it('answers ApiVersions newer than v2 with UNSUPPORTED_VERSION and the full list, in the v0 layout', async () => {
    const body = await rawRequest(port(), 18, 3, Buffer.from([0x00, 0x00, 0x00]));
    const reader = new WireReader(body!);
    expect(reader.int16()).toBe(35);
    const count = reader.int32();
    const versions = new Map<number, [number, number]>();
    for (let i = 0; i < count; i++) versions.set(reader.int16(), [reader.int16(), reader.int16()]);
    expect(reader.remaining).toBe(0);
    expect(versions.get(18)).toEqual([0, 2]);
    expect(versions.get(0)).toEqual([3, 7]);
    expect(versions.get(1)).toEqual([4, 11]);
    expect([...versions.keys()]).toEqual(
      expect.arrayContaining([2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 16, 19]),
    );
  });

  it('lists earliest and latest offsets in the v0 layout (an offsets array) and the v5 one', async () => {
    const log = sandbox.kafka.broker.log.partition('payment-process', 1)!;
    const v0 = (timestamp: number) =>
      rawRequest(
        port(),
        2,
        0,
        new WireWriter()
          .int32(-1)
          .int32(1)
          .string('payment-process')
          .int32(1)
          .int32(1)
          .int64(timestamp)
          .int32(1)
          .toBuffer(),
      ).then((body) => {
        const reader = new WireReader(body!);
        reader.arrayLength();
        expect(reader.string()).toBe('payment-process');
        reader.arrayLength();
        expect([reader.int32(), reader.int16()]).toEqual([1, 0]);
        const count = reader.arrayLength();
        return Array.from({ length: count }, () => reader.int64());
      });
    expect(await v0(-1)).toEqual([log.endOffset]);
    expect(await v0(-2)).toEqual([log.logStartOffset]);

    const v5 = await rawRequest(
      port(),
      2,
      5,
      new WireWriter()
        .int32(-1)
        .int8(0)
        .int32(1)
        .string('payment-process')
        .int32(1)
        .int32(1)
        .int32(-1)
        .int64(-1)
        .toBuffer(),
    );
    const reader = new WireReader(v5!);
    expect(reader.int32()).toBe(0);
    reader.arrayLength();
    reader.string();
    reader.arrayLength();
    expect([reader.int32(), reader.int16(), reader.int64(), reader.int64(), reader.int32()]).toEqual([
      1,
      0,
      -1,
      log.endOffset,
      0,
    ]);
    expect(reader.remaining).toBe(0);
  });

  it('closes only the connection that sends an unknown API key, an unsupported version or a malformed frame', async () => {
    expect(await rawRequest(port(), 999, 0, Buffer.alloc(0))).toBeNull();
    expect(await rawRequest(port(), 3, 99, Buffer.alloc(0))).toBeNull();
    expect(await rawRequest(port(), 0, 0, Buffer.alloc(0), Buffer.from([0xff, 0xff, 0xff, 0xf0]))).toBeNull();
    // A Metadata v1 request cut off in the middle of its topic list.
    expect(await rawRequest(port(), 3, 1, Buffer.from([0, 0, 0, 5, 0, 3]))).toBeNull();
    expect(await admin.listTopics()).toContain('payment-process');
  });

  it('refuses a produced batch whose CRC-32C does not match, and takes a good one', async () => {
    const produce = (records: Buffer) =>
      rawRequest(
        port(),
        0,
        3,
        new WireWriter()
          .nullableString(null)
          .int16(-1)
          .int32(5_000)
          .int32(1)
          .string('conformance-crc')
          .int32(1)
          .int32(0)
          .nullableBytes(records)
          .toBuffer(),
      );
    const errorOf = (body: Buffer | null): [number, number] => {
      const reader = new WireReader(body!);
      reader.int32();
      reader.string();
      reader.int32();
      reader.int32();
      return [reader.int16(), reader.int64()];
    };
    const batch = encodeRecordBatch([{ key: 'k', value: 'v' }]);
    const corrupted = Buffer.from(batch);
    corrupted[corrupted.length - 1]! ^= 1;
    expect(errorOf(await produce(corrupted))).toEqual([2, -1]);
    expect(errorOf(await produce(batch))).toEqual([0, 0]);
  });

  it('holds a fetch until records arrive, up to max_wait_ms', async () => {
    await admin.createTopics({ topics: [{ topic: 'conformance-poll', numPartitions: 1 }] });
    const fetchV4 = (maxWaitMs: number) =>
      rawRequest(
        port(),
        1,
        4,
        new WireWriter()
          .int32(-1)
          .int32(maxWaitMs)
          .int32(1)
          .int32(1 << 20)
          .int8(0)
          .int32(1)
          .string('conformance-poll')
          .int32(1)
          .int32(0)
          .int64(0)
          .int32(1 << 20)
          .toBuffer(),
      );
    const recordsOf = (body: Buffer | null): number => {
      const reader = new WireReader(body!);
      reader.int32();
      reader.int32();
      reader.string();
      reader.int32();
      reader.int32();
      expect(reader.int16()).toBe(0);
      reader.int64();
      reader.int64();
      reader.arrayLength();
      return reader.bytes().length;
    };
    const emptyStart = Date.now();
    expect(recordsOf(await fetchV4(300))).toBe(0);
    expect(Date.now() - emptyStart).toBeGreaterThanOrEqual(280);

    const start = Date.now();
    const pending = fetchV4(5_000);
    setTimeout(
      () => void producer.send({ topic: 'conformance-poll', messages: [{ value: 'wake up' }] }),
      200,
    );
    expect(recordsOf(await pending)).toBeGreaterThan(0);
    expect(Date.now() - start).toBeLessThan(2_000);
  });
});
