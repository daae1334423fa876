import { type Admin, ConfigResourceTypes, type Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, startSandbox, type Sandbox } from '../sandbox';
import { confluentKafkaVersion, runProgram, systemPython } from '../../testing/externalClients';
import { defaultPartitioner, kafkaClient, rawRequest } from '../../testing/kafkaTestClients';
import { WireReader, WireWriter } from './wireBuffer';

/** DescribeConfigs and DeleteTopics through the kafkajs admin client, and their wire layouts version by version. */

let sandbox: Sandbox;
let kafka: Kafka;
let admin: Admin;

beforeAll(async () => {
  sandbox = await startSandbox({ clock: new ManualClock(), seed: 7, lively: false });
  kafka = kafkaClient(sandbox.kafkaBootstrap, 'admin-test');
  admin = kafka.admin();
  await admin.connect();
});

afterAll(async () => {
  await admin.disconnect();
  await sandbox.close();
});

const port = (): number => Number(sandbox.kafkaBootstrap.split(':')[1]);
const staticBroker = 4;
const defaultConfig = 5;
const topicConfig = 1;

async function topicConfigs(topic: string, includeSynonyms = false) {
  const { resources } = await admin.describeConfigs({
    resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }],
    includeSynonyms,
  });
  expect(resources[0]).toMatchObject({ errorCode: 0, resourceName: topic });
  return new Map(resources[0]!.configEntries.map((entry) => [entry.configName, entry]));
}

describe('DescribeConfigs', () => {
  it("describes a topic's settings with where each comes from", async () => {
    const configs = await topicConfigs('payment-process');
    expect(configs.size).toBeGreaterThan(25);
    expect(configs.get('retention.ms')).toMatchObject({
      configValue: '604800000',
      configSource: staticBroker,
      isDefault: false,
      readOnly: false,
      isSensitive: false,
      configSynonyms: [],
    });
    expect(configs.get('cleanup.policy')).toMatchObject({
      configValue: 'delete',
      configSource: defaultConfig,
      isDefault: true,
    });
    expect(configs.get('max.message.bytes')).toMatchObject({ configValue: '1048588', isDefault: true });
    expect(configs.get('min.insync.replicas')?.configValue).toBe('1');
  });

  it("puts a topic's own values first, with the broker settings they override as synonyms", async () => {
    await admin.createTopics({
      topics: [
        {
          topic: 'audit-trail',
          numPartitions: 1,
          configEntries: [
            { name: 'retention.ms', value: '3600000' },
            { name: 'cleanup.policy', value: 'compact' },
          ],
        },
      ],
    });
    const configs = await topicConfigs('audit-trail', true);
    expect(configs.get('retention.ms')).toMatchObject({
      configValue: '3600000',
      configSource: topicConfig,
      isDefault: false,
      configSynonyms: [
        { configName: 'retention.ms', configValue: '3600000', configSource: topicConfig },
        { configName: 'log.retention.hours', configValue: '168', configSource: staticBroker },
        { configName: 'log.retention.hours', configValue: '168', configSource: defaultConfig },
      ],
    });
    expect(configs.get('cleanup.policy')).toMatchObject({
      configValue: 'compact',
      configSource: topicConfig,
    });
    expect(configs.get('segment.ms')!.configSynonyms).toEqual([
      { configName: 'log.roll.hours', configValue: '168', configSource: defaultConfig },
    ]);
    expect((await topicConfigs('__consumer_offsets')).get('cleanup.policy')?.configValue).toBe('compact');
  });

  it('lists only the keys asked for, leaving out keys it does not know', async () => {
    const { resources } = await admin.describeConfigs({
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: 'order-created',
          configNames: ['retention.ms', 'no.such.setting', 'compression.type'],
        },
      ],
      includeSynonyms: false,
    });
    expect(resources[0]!.configEntries.map((entry) => [entry.configName, entry.configValue])).toEqual([
      ['compression.type', 'producer'],
      ['retention.ms', '604800000'],
    ]);
  });

  it("describes the broker's own settings, read-only where they cannot change while it runs", async () => {
    const nodeId = String(sandbox.kafka.broker.nodeId);
    const { resources } = await admin.describeConfigs({
      resources: [{ type: ConfigResourceTypes.BROKER, name: nodeId }],
      includeSynonyms: false,
    });
    const configs = new Map(resources[0]!.configEntries.map((entry) => [entry.configName, entry]));
    expect(configs.get('broker.id')).toMatchObject({ configValue: nodeId, readOnly: true, configSource: 4 });
    expect(configs.get('num.partitions')).toMatchObject({ configValue: '3', readOnly: true });
    expect(configs.get('message.max.bytes')).toMatchObject({ configValue: '1048588', readOnly: false });
    expect(configs.get('advertised.listeners')?.configValue).toBe(`PLAINTEXT://${sandbox.kafkaBootstrap}`);
    expect(configs.get('auto.create.topics.enable')).toMatchObject({ configValue: 'true', isDefault: true });
    expect(configs.get('transaction.state.log.replication.factor')?.configValue).toBe('3');
  });

  it('fails an unknown topic or another broker on their own, in the v0 layout with is_default', async () => {
    const body = new WireWriter().int32(3);
    for (const [type, name] of [
      [2, 'no-such-topic'],
      [4, '7'],
      [2, 'payment-process'],
    ] as const)
      body.int8(type).string(name).int32(1).string('retention.ms');
    const reader = new WireReader((await rawRequest(port(), 32, 0, body.toBuffer()))!);
    expect(reader.int32()).toBe(0);
    expect(reader.arrayLength()).toBe(3);
    const results = [0, 1, 2].map(() => {
      const result = {
        errorCode: reader.int16(),
        errorMessage: reader.nullableString(),
        type: reader.int8(),
        name: reader.string(),
        configs: [] as unknown[],
      };
      const count = reader.arrayLength();
      for (let i = 0; i < count; i++)
        result.configs.push({
          name: reader.string(),
          value: reader.nullableString(),
          readOnly: reader.bool(),
          isDefault: reader.bool(),
          isSensitive: reader.bool(),
        });
      return result;
    });
    expect(reader.remaining).toBe(0);
    expect(results).toEqual([
      {
        errorCode: 3,
        errorMessage: "The topic 'no-such-topic' does not exist.",
        type: 2,
        name: 'no-such-topic',
        configs: [],
      },
      {
        errorCode: 42,
        errorMessage: `Unexpected broker id, expected ${sandbox.kafka.broker.nodeId} or empty string, but received 7`,
        type: 4,
        name: '7',
        configs: [],
      },
      {
        errorCode: 0,
        errorMessage: null,
        type: 2,
        name: 'payment-process',
        configs: [
          { name: 'retention.ms', value: '604800000', readOnly: false, isDefault: false, isSensitive: false },
        ],
      },
    ]);
  });

  it('gives each value its type, and documentation when asked, from v3', async () => {
    const body = new WireWriter()
      .int32(1)
      .int8(2)
      .string('payment-process')
      .int32(2)
      .string('retention.ms')
      .string('preallocate')
      .bool(false)
      .bool(true)
      .toBuffer();
    const reader = new WireReader((await rawRequest(port(), 32, 3, body))!);
    reader.int32();
    reader.arrayLength();
    expect([reader.int16(), reader.nullableString(), reader.int8(), reader.string()]).toEqual([
      0,
      null,
      2,
      'payment-process',
    ]);
    const configs = Array.from({ length: reader.arrayLength() }, () => {
      const entry = {
        name: reader.string(),
        value: reader.nullableString(),
        readOnly: reader.bool(),
        source: reader.int8(),
        isSensitive: reader.bool(),
        synonyms: reader.arrayLength(),
        type: reader.int8(),
        documentation: reader.nullableString(),
      };
      return entry;
    });
    expect(reader.remaining).toBe(0);
    expect(configs).toEqual([
      expect.objectContaining({ name: 'preallocate', value: 'false', source: 5, synonyms: 0, type: 1 }),
      expect.objectContaining({ name: 'retention.ms', value: '604800000', source: 4, synonyms: 0, type: 5 }),
    ]);
    expect(configs.every((config) => (config.documentation ?? '').length > 10)).toBe(true);
  });
});

describe('DeleteTopics', () => {
  it("deletes a topic with its records and every group's committed offsets on it", async () => {
    await admin.createTopics({ topics: [{ topic: 'scratch-events', numPartitions: 2 }] });
    const producer = kafka.producer({ createPartitioner: defaultPartitioner });
    await producer.connect();
    await producer.send({ topic: 'scratch-events', messages: [{ key: 'a', value: '1' }] });
    await producer.disconnect();
    // Committed as a consumer's OffsetCommit would leave it; kafkajs' setOffsets joins the group first, which is slow.
    const offsets = sandbox.kafka.broker.offsets;
    offsets.commit(
      'scratch-reader',
      [{ topic: 'scratch-events', partition: 0, offset: 1, leaderEpoch: 0, metadata: '' }],
      Date.now(),
    );
    expect(offsets.committedOffsets('scratch-reader')).toHaveLength(1);

    await admin.deleteTopics({ topics: ['scratch-events'] });
    expect(await admin.listTopics()).not.toContain('scratch-events');
    expect(sandbox.kafka.broker.log.topic('scratch-events')).toBeUndefined();
    expect(offsets.committedOffsets('scratch-reader')).toEqual([]);
  });

  it('answers each name on its own: unknown, internal, named twice', async () => {
    await admin.createTopics({ topics: [{ topic: 'scratch-twice', numPartitions: 1 }] });
    const body = new WireWriter().int32(4);
    for (const name of ['no-such-topic', '__consumer_offsets', 'scratch-twice', 'scratch-twice'])
      body.string(name);
    body.int32(5_000);
    const reader = new WireReader((await rawRequest(port(), 20, 1, body.toBuffer()))!);
    expect(reader.int32()).toBe(0);
    const answers = Array.from({ length: reader.arrayLength() }, () => [reader.string(), reader.int16()]);
    expect(answers).toEqual([
      ['no-such-topic', 3],
      ['__consumer_offsets', 29],
      ['scratch-twice', 42],
      ['scratch-twice', 42],
    ]);
    expect(await admin.listTopics()).toEqual(expect.arrayContaining(['__consumer_offsets', 'scratch-twice']));
  });
});

describe('ApiVersions', () => {
  it('advertises DeleteTopics v0–3, InitProducerId v0–1 and DescribeConfigs v0–3', async () => {
    const reader = new WireReader((await rawRequest(port(), 18, 2, Buffer.alloc(0)))!);
    expect(reader.int16()).toBe(0);
    const versions = new Map<number, [number, number]>();
    const count = reader.arrayLength();
    for (let i = 0; i < count; i++) versions.set(reader.int16(), [reader.int16(), reader.int16()]);
    expect(versions.get(20)).toEqual([0, 3]);
    expect(versions.get(22)).toEqual([0, 1]);
    expect(versions.get(32)).toEqual([0, 3]);
  });
});

describe.skipIf(confluentKafkaVersion === null)(
  confluentKafkaVersion === null
    ? 'the confluent-kafka AdminClient (not installed: apt-get install -y python3-confluent-kafka)'
    : `the confluent-kafka AdminClient on librdkafka ${confluentKafkaVersion}`,
  () => {
    it('describes topic and broker configs and deletes a topic', async () => {
      await admin.createTopics({
        topics: [
          {
            topic: 'python-scratch',
            numPartitions: 1,
            configEntries: [{ name: 'retention.ms', value: '60000' }],
          },
        ],
      });
      const script = `
import json, sys
from confluent_kafka.admin import AdminClient, ConfigResource
# Warnings and errors only: librdkafka's informational notices at shutdown ("purging unserved
# events") are not problems, and come or not with the timing of the exit.
client = AdminClient({'bootstrap.servers': sys.argv[1], 'log_level': 4})
topic = ConfigResource('topic', 'python-scratch')
broker = ConfigResource('broker', sys.argv[2])
described = {}
for resource, future in client.describe_configs([topic, broker]).items():
    entries = future.result(15)
    described[resource.name] = {
        name: [entry.value, int(getattr(entry.source, 'value', entry.source)), entry.is_default, entry.is_read_only]
        for name, entry in entries.items()
        if name in ('retention.ms', 'cleanup.policy', 'broker.id', 'log.retention.hours')
    }
for name, future in client.delete_topics(['python-scratch'], operation_timeout=10).items():
    future.result(15)
print(json.dumps(described, sort_keys=True))
`;
      const nodeId = String(sandbox.kafka.broker.nodeId);
      const { code, stdout, stderr } = await runProgram(systemPython, [
        '-c',
        script,
        sandbox.kafkaBootstrap,
        nodeId,
      ]);
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      expect(JSON.parse(stdout)).toEqual({
        'python-scratch': {
          'cleanup.policy': ['delete', defaultConfig, true, false],
          'retention.ms': ['60000', topicConfig, false, false],
        },
        [nodeId]: {
          'broker.id': [nodeId, staticBroker, false, true],
          'log.retention.hours': ['168', staticBroker, false, true],
        },
      });
      expect(await admin.listTopics()).not.toContain('python-scratch');
    });
  },
);
