import { randomUUID } from 'node:crypto';
import { ConfigResourceTypes, type Admin, type Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKafkaTestSandbox, type KafkaTestSandbox } from '../../testing/sandboxTestHarness';
import { kafkaClient } from '../../testing/kafkaTestClients';
import { kcatVersion, runProgram } from '../../testing/externalClients';
import { kafkaApiKey, kafkaErrorCode, startKafkaRefusingProxy } from '../../testing/kafkaRefusingProxy';
import {
  decodeRecord,
  defaultOperationsTopic,
  ensureOperationsTopic,
  OperationsLogUnavailable,
  operationsLogConfigSchema,
  operationsRecordSchema,
  targetKey,
  type OperationsRecord,
} from './operationsLog';
import { OperationsLogConnection } from './operationsLogConnection';

let harness: KafkaTestSandbox;
let kafka: Kafka;
let admin: Admin;

beforeAll(async () => {
  harness = await startKafkaTestSandbox();
  kafka = kafkaClient(harness.sandbox.kafkaBootstrap, 'operations-log-tests');
  admin = kafka.admin();
  await admin.connect();
});

afterAll(async () => {
  await admin.disconnect();
  await harness.sandbox.close();
});

const uniqueTopic = () => `flarenet-console.operations-${randomUUID().slice(0, 8)}`;

async function retentionOf(topic: string): Promise<string | undefined> {
  const { resources } = await admin.describeConfigs({
    resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms'] }],
    includeSynonyms: false,
  });
  return resources[0]?.configEntries.find((entry) => entry.configName === 'retention.ms')?.configValue;
}

describe('the operations topic', () => {
  it('is named flarenet-console.operations unless the config says otherwise', () => {
    expect(operationsLogConfigSchema.parse({}).topic).toBe(defaultOperationsTopic);
    expect(defaultOperationsTopic).toBe('flarenet-console.operations');
    expect(operationsLogConfigSchema.safeParse({ topic: 'ops log' }).success).toBe(false);
  });

  it('is created with the retention and partitions the config gives, and found by the next program', async () => {
    const topic = uniqueTopic();
    const config = operationsLogConfigSchema.parse({ topic, retentionMs: 7 * 24 * 3600_000, partitions: 4 });
    await ensureOperationsTopic(admin, config);
    expect(await retentionOf(topic)).toBe(String(7 * 24 * 3600_000));
    expect(await admin.fetchTopicOffsets(topic)).toHaveLength(4);
    // Another console with another retention in its config leaves the topic as it is.
    await ensureOperationsTopic(admin, { ...config, retentionMs: 3600_000 });
    expect(await retentionOf(topic)).toBe(String(7 * 24 * 3600_000));
  });

  it('is never created when the config forbids it, and says so naming the topic', async () => {
    const topic = uniqueTopic();
    const config = operationsLogConfigSchema.parse({ topic, createTopic: false });
    const failure = ensureOperationsTopic(admin, config);
    await expect(failure).rejects.toThrow(OperationsLogUnavailable);
    await expect(failure).rejects.toThrow(`topic ${topic} does not exist`);
    await expect(failure).rejects.toThrow('operationsLog.createTopic is false');
    expect(await admin.listTopics()).not.toContain(topic);
  });

  it('names the topic and the missing permission when the cluster will not let this identity create it', async () => {
    const proxy = await startKafkaRefusingProxy({
      upstream: harness.sandbox.kafkaBootstrap,
      refuse: {
        [kafkaApiKey.createTopics]: { answer: 'error', errorCode: kafkaErrorCode.topicAuthorizationFailed },
      },
    });
    const denied = kafkaClient(proxy.bootstrap, 'operations-log-denied').admin();
    try {
      await denied.connect();
      const topic = uniqueTopic();
      const failure = ensureOperationsTopic(denied, operationsLogConfigSchema.parse({ topic }));
      await expect(failure).rejects.toThrow(OperationsLogUnavailable);
      await expect(failure).rejects.toThrow(`topic ${topic} does not exist and could not be created`);
      await expect(failure).rejects.toThrow('CREATE ACL');
      expect(proxy.requests.some((request) => request.apiKey === kafkaApiKey.createTopics)).toBe(true);
      expect(await admin.listTopics()).not.toContain(topic);
    } finally {
      await denied.disconnect();
      await proxy.close();
    }
  });

  it('names the topic and the replication the cluster cannot give', async () => {
    const topic = uniqueTopic();
    const failure = ensureOperationsTopic(
      admin,
      operationsLogConfigSchema.parse({ topic, replicationFactor: 3 }),
    );
    await expect(failure).rejects.toThrow(`${topic} does not exist and could not be created`);
    await expect(failure).rejects.toThrow('replication factor');
  });
});

describe('operations records', () => {
  const target = {
    clusterArn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/flarenet-production',
    service: 'payment-service',
  };
  const holder = {
    identity: 'arn:aws:sts::123456789012:assumed-role/oncall/ana',
    via: 'console',
    hostname: 'ana',
  };
  const lifeOf = (actionId: string, at: number): OperationsRecord[] => {
    const base = { v: 1 as const, actionId, target, holder: { ...holder, via: 'console' as const }, at };
    return [
      { ...base, recordId: randomUUID(), kind: 'planned', summary: 'roll back payment-service :4 → :3' },
      {
        ...base,
        recordId: randomUUID(),
        kind: 'claimed',
        leaseExpiresAt: at + 60_000,
        summary: 'roll back payment-service :4 → :3',
      },
      { ...base, recordId: randomUUID(), kind: 'started', summary: 'roll back payment-service :4 → :3' },
      { ...base, recordId: randomUUID(), kind: 'progress', milestone: 'new tasks running 2/4' },
      { ...base, recordId: randomUUID(), kind: 'finished', outcome: 'succeeded', detail: null },
      { ...base, recordId: randomUUID(), kind: 'released', reason: 'finished' },
      {
        ...base,
        recordId: randomUUID(),
        kind: 'reconciled',
        outcome: 'succeeded',
        detail: 'ECS shows :3 steady',
      },
    ];
  };

  it('land, every kind of them, on one partition per target in the order they were written, read back as written', async () => {
    const topic = uniqueTopic();
    const connection = new OperationsLogConnection(
      kafkaClient(harness.sandbox.kafkaBootstrap, 'operations-records'),
      operationsLogConfigSchema.parse({ topic }),
    );
    await connection.connect();
    try {
      const records = lifeOf(randomUUID(), Date.now());
      const written = [];
      for (const record of records) written.push(await connection.append(record));
      expect(new Set(written.map((where) => where.partition)).size).toBe(1);
      const offsets = written.map((where) => where.offset);
      expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
      const read = await connection.read(written[0]!.partition, offsets[0]!, offsets.at(-1)!);
      expect(read.map((logged) => logged.record)).toEqual(records);
    } finally {
      await connection.disconnect();
    }
  });

  it.skipIf(kcatVersion === null)(
    `are read by kcat ${kcatVersion ?? '(not installed)'} as written, keyed by the target, where Java's partitioner puts them`,
    async () => {
      const topic = uniqueTopic();
      const connection = new OperationsLogConnection(
        kafkaClient(harness.sandbox.kafkaBootstrap, 'operations-records-kcat'),
        operationsLogConfigSchema.parse({ topic }),
      );
      await connection.connect();
      const records = lifeOf(randomUUID(), Date.now());
      const written = [];
      try {
        for (const record of records) written.push(await connection.append(record));
      } finally {
        await connection.disconnect();
      }
      const bootstrap = harness.sandbox.kafkaBootstrap;
      const read = await runProgram('kcat', [
        '-b',
        bootstrap,
        '-C',
        '-t',
        topic,
        '-e',
        '-f',
        '%p\t%o\t%k\t%s\n',
      ]);
      expect(read.code, read.stderr).toBe(0);
      const lines = read.stdout
        .trim()
        .split('\n')
        .map((line) => line.split('\t'));
      expect(lines.map(([partition, offset]) => [Number(partition), Number(offset)])).toEqual(
        written.map((where) => [where.partition, where.offset]),
      );
      expect(lines.map(([, , key]) => key)).toEqual(records.map(() => targetKey(target)));
      expect(lines.map(([, , , value]) => decodeRecord(Buffer.from(value!)))).toEqual(records);
      // librdkafka with Java's murmur2 partitioner sends the same key to the same partition.
      const scratch = uniqueTopic();
      await admin.createTopics({ topics: [{ topic: scratch, numPartitions: 6 }] });
      const sent = await runProgram(
        'kcat',
        ['-b', bootstrap, '-P', '-t', scratch, '-K', '\t', '-X', 'partitioner=murmur2_random'],
        `${targetKey(target)}\tfrom kcat\n`,
      );
      expect(sent.code, sent.stderr).toBe(0);
      const ends = await admin.fetchTopicOffsets(scratch);
      expect(ends.filter((end) => end.high === '1').map((end) => end.partition)).toEqual([
        written[0]!.partition,
      ]);
    },
  );

  it('are refused when a kind lacks what it must carry, and skipped by readers when not this format', () => {
    const [, claimed] = lifeOf('a-1', 1_750_000_000_000);
    const { leaseExpiresAt: _lease, ...withoutLease } = claimed as Extract<
      OperationsRecord,
      { kind: 'claimed' }
    >;
    expect(operationsRecordSchema.safeParse(withoutLease).success).toBe(false);
    expect(decodeRecord(Buffer.from(JSON.stringify(claimed)))).toEqual(claimed);
    expect(decodeRecord(Buffer.from(JSON.stringify({ ...claimed, v: 2 })))).toBeNull();
    expect(decodeRecord(Buffer.from('{"orderId":"ord_1"}'))).toBeNull();
    expect(decodeRecord(Buffer.from('not json'))).toBeNull();
    expect(decodeRecord(null)).toBeNull();
  });
});
