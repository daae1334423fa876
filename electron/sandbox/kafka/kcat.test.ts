import type { Admin, Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, startSandbox, type Sandbox } from '../sandbox';
import { sagaTopics } from './kafkaCatalogue';
import { kcatVersion, runProgram } from '../../testing/externalClients';
import { collect, eventually, kafkaClient, quickConsumer } from '../../testing/kafkaTestClients';

/** kcat (librdkafka) is an independent client: Debian's `kcat` package. Without it these tests are skipped. */
const version = kcatVersion;

const kcat = (args: string[], input?: string) => runProgram('kcat', args, input);

let sandbox: Sandbox;
let kafka: Kafka;
let admin: Admin;

describe.skipIf(version === null)(
  version === null ? 'kcat (not installed: apt-get install -y kcat)' : `kcat ${version} against the broker`,
  () => {
    beforeAll(async () => {
      sandbox = await startSandbox({ clock: new ManualClock(), seed: 5, lively: false });
      sandbox.advance(5_000);
      kafka = kafkaClient(sandbox.kafkaBootstrap, 'kcat-test');
      admin = kafka.admin();
      await admin.connect();
    });

    afterAll(async () => {
      await admin.disconnect();
      await sandbox.close();
    });

    it("lists the sandbox's brokers, topics and partitions", async () => {
      const { code, stdout } = await kcat(['-b', sandbox.kafkaBootstrap, '-L', '-J']);
      expect(code).toBe(0);
      const metadata = JSON.parse(stdout) as {
        brokers: Array<{ id: number; name: string }>;
        topics: Array<{ topic: string; partitions: Array<{ partition: number; leader: number }> }>;
      };
      const nodeId = sandbox.kafka.broker.nodeId;
      expect(metadata.brokers).toEqual([{ id: nodeId, name: sandbox.kafkaBootstrap }]);
      const partitions = new Map(metadata.topics.map((topic) => [topic.topic, topic.partitions]));
      for (const topic of sagaTopics) {
        expect(
          partitions
            .get(topic)
            ?.map((partition) => partition.partition)
            .sort(),
        ).toEqual([0, 1, 2]);
        expect(partitions.get(topic)?.every((partition) => partition.leader === nodeId)).toBe(true);
      }
      expect(partitions.get('__consumer_offsets')).toHaveLength(50);
    });

    it("reads the platform's events with checksums verified", async () => {
      const { code, stdout, stderr } = await kcat([
        '-b',
        sandbox.kafkaBootstrap,
        '-C',
        '-t',
        'payment-process',
        '-o',
        'beginning',
        '-e',
        '-X',
        'check.crcs=true',
        '-f',
        '%k\t%s\n',
      ]);
      expect(code).toBe(0);
      expect(stderr).not.toMatch(/CRC|ERROR/i);
      const lines = stdout.trim().split('\n');
      const produced = sandbox.kafka.broker.log
        .topic('payment-process')!
        .partitions.reduce((sum, partition) => sum + partition.endOffset - partition.logStartOffset, 0);
      expect(lines).toHaveLength(produced);
      for (const line of lines) {
        const [key, value] = line.split('\t');
        expect(JSON.parse(value!)).toMatchObject({ eventType: 'ProcessPayment', orderId: key });
      }
    });

    it('produces messages with keys and headers that kafkajs reads', async () => {
      await admin.createTopics({ topics: [{ topic: 'kcat-orders', numPartitions: 3 }] });
      const input = Array.from({ length: 6 }, (_, index) => `ord_${index}:{"orderId":"ord_${index}"}`).join(
        '\n',
      );
      const produced = await kcat(
        ['-b', sandbox.kafkaBootstrap, '-P', '-t', 'kcat-orders', '-K', ':', '-H', 'x-source-service=kcat'],
        `${input}\n`,
      );
      expect(produced.code).toBe(0);
      const consumer = kafka.consumer({ groupId: 'kcat-orders-kafkajs', ...quickConsumer });
      await consumer.connect();
      await consumer.subscribe({ topic: 'kcat-orders', fromBeginning: true });
      const seen = collect(consumer);
      await eventually(() => seen.length === 6, 'kafkajs has read what kcat produced');
      await consumer.disconnect();
      expect(seen.map(({ message }) => message.key!.toString()).sort()).toEqual(
        Array.from({ length: 6 }, (_, index) => `ord_${index}`),
      );
      for (const { message } of seen) {
        expect(JSON.parse(message.value!.toString())).toEqual({ orderId: message.key!.toString() });
        expect(message.headers!['x-source-service']!.toString()).toBe('kcat');
      }
    });

    it('consumes as a balanced consumer group and commits its offsets', async () => {
      const { code, stdout } = await kcat([
        '-b',
        sandbox.kafkaBootstrap,
        '-G',
        'kcat-readers',
        'kcat-orders',
        '-e',
        '-X',
        'auto.offset.reset=earliest',
        '-f',
        '%k\n',
      ]);
      expect(code).toBe(0);
      expect(stdout.trim().split('\n').sort()).toEqual(
        Array.from({ length: 6 }, (_, index) => `ord_${index}`),
      );
      const [committed] = await admin.fetchOffsets({ groupId: 'kcat-readers', topics: ['kcat-orders'] });
      const ends = await admin.fetchTopicOffsets('kcat-orders');
      expect(committed!.partitions.map((p) => [p.partition, p.offset]).sort()).toEqual(
        ends.map((end) => [end.partition, end.high]).sort(),
      );
      expect((await admin.describeGroups(['kcat-readers'])).groups[0]!.state).toBe('Empty');
    });
  },
);
