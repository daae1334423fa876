import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tailEventSchema, type TailEvent, type TailMessage } from '../../../shared/kafka/kafkaModel';
import type { KafkaClusterConfig } from '../config/consoleConfig';
import { ConsoleError } from '../ipc/consoleError';
import { startSandbox, type Sandbox } from '../../testing/sandboxTestHarness';
import { tailGroupPrefix, TopicTails, type TailHandle, type TopicTailsOptions } from './topicTailSessions';

/** Topic tails with real kafkajs consumers against the sandbox's Kafka broker over TCP. */

let sandbox: Sandbox;
let admin: Admin;
let producer: Producer;
let cluster: KafkaClusterConfig;
const logged: string[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  sandbox = await startSandbox({ host: '127.0.0.1', ecsPort: 0, kafkaPort: 0, seed: 3, lively: false });
  cluster = { name: 'flarenet-kafka', brokers: [sandbox.kafkaBootstrap] };
  const kafka = new Kafka({ brokers: [sandbox.kafkaBootstrap], logLevel: logLevel.NOTHING });
  admin = kafka.admin();
  producer = kafka.producer({ allowAutoTopicCreation: false });
  await Promise.all([admin.connect(), producer.connect()]);
  // Topics of their own, which no simulated service writes to.
  await admin.createTopics({
    topics: ['tail-formats', 'tail-pause', 'tail-overflow'].map((topic) => ({ topic, numPartitions: 2 })),
  });
});

afterAll(async () => {
  await Promise.all([producer?.disconnect(), admin?.disconnect()]);
  await sandbox?.close();
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

let tails: TopicTails | null = null;
afterEach(async () => {
  await tails?.closeAll();
  tails = null;
});

interface Recorder {
  events: TailEvent[];
  messages(): TailMessage[];
  statuses(): string[];
  ended: { error?: unknown } | null;
}

function openTail(
  topic: string,
  options: Partial<TopicTailsOptions> = {},
  fromBeginning = false,
): { tail: TailHandle; recorder: Recorder } {
  tails = new TopicTails({
    clusters: [cluster],
    log: (line) => logged.push(line),
    hostname: 'Test Host',
    ...options,
  });
  const recorder: Recorder = {
    events: [],
    messages: () => recorder.events.flatMap((e) => (e.type === 'messages' ? e.messages : [])),
    statuses: () => recorder.events.flatMap((e) => (e.type === 'status' ? [e.state] : [])),
    ended: null,
  };
  const tail = tails.open(
    { kafkaCluster: cluster.name, topic, fromBeginning },
    (event) => recorder.events.push(tailEventSchema.parse(event)),
    (error) => (recorder.ended = { error }),
  );
  return { tail, recorder };
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function groupIds(): Promise<string[]> {
  return (await admin.listGroups()).groups.map((g) => g.groupId);
}

describe('TopicTails', () => {
  it('delivers messages produced after it starts, decoded as JSON, text or hex, and deletes its group when stopped', async () => {
    const { tail, recorder } = openTail('tail-formats');
    expect(tail.groupId).toMatch(new RegExp(`^${tailGroupPrefix}test-host-[0-9a-f]{12}$`));
    await waitFor(() => recorder.statuses().includes('running'), 'the tail to run');
    expect(recorder.statuses().slice(0, 2)).toEqual(['starting', 'running']);
    expect(await groupIds()).toContain(tail.groupId);

    await producer.send({
      topic: 'tail-formats',
      messages: [
        {
          key: 'json',
          value: JSON.stringify({ orderId: 'o-17', total: 42.5 }),
          partition: 0,
          headers: { 'trace-id': 'abc' },
        },
        { key: 'text', value: 'payment accepted', partition: 0 },
        { key: 'binary', value: Buffer.from([0xca, 0xfe, 0x00, 0x01]), partition: 1 },
      ],
    });
    await waitFor(() => recorder.messages().length >= 3, 'three messages');

    const byKey = new Map(recorder.messages().map((m) => [m.key?.text, m]));
    expect(byKey.get('json')).toMatchObject({
      partition: 0,
      value: { encoding: 'json', text: '{\n  "orderId": "o-17",\n  "total": 42.5\n}', truncated: false },
      headers: [{ name: 'trace-id', value: 'abc' }],
    });
    expect(byKey.get('text')?.value).toEqual({
      encoding: 'text',
      text: 'payment accepted',
      truncated: false,
    });
    expect(byKey.get('binary')).toMatchObject({
      partition: 1,
      value: { encoding: 'hex', text: 'ca fe 00 01' },
      size: 6 + 4,
    });
    expect(byKey.get('text')!.offset).toBe(byKey.get('json')!.offset + 1);
    expect(Math.abs(byKey.get('json')!.timestamp - Date.now())).toBeLessThan(60_000);
    const last = recorder.events.filter((e) => e.type === 'messages').at(-1)!;
    expect(last).toMatchObject({ received: 3, dropped: 0 });

    const started = Date.now();
    await tail.stop();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(recorder.statuses().at(-1)).toBe('stopped');
    expect(await groupIds()).not.toContain(tail.groupId);
    expect(tails!.activeCount).toBe(0);
  });

  it('pauses delivery without losing what arrives meanwhile', async () => {
    const { tail, recorder } = openTail('tail-pause');
    await waitFor(() => recorder.statuses().includes('running'), 'the tail to run');
    const send = (from: number, count: number) =>
      producer.send({
        topic: 'tail-pause',
        messages: Array.from({ length: count }, (_, i) => ({
          key: `m${from + i}`,
          value: `message ${from + i}`,
          partition: (from + i) % 2,
        })),
      });
    await send(0, 4);
    await waitFor(() => recorder.messages().length === 4, 'the first four');

    expect(tails!.setPaused(tail.tailId, true)).toEqual({ paused: true });
    expect(recorder.statuses().at(-1)).toBe('paused');
    const deliveredBefore = recorder.messages().length;
    await send(4, 10);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(recorder.messages()).toHaveLength(deliveredBefore);

    tails!.setPaused(tail.tailId, false);
    expect(recorder.statuses().at(-1)).toBe('running');
    await send(14, 2);
    await waitFor(() => recorder.messages().length === 16, 'all sixteen');
    const keys = recorder.messages().map((m) => m.key!.text);
    expect([...keys].sort()).toEqual(Array.from({ length: 16 }, (_, i) => `m${i}`).sort());
    // Per partition, offsets follow one another with no gap.
    for (const partition of [0, 1]) {
      const offsets = recorder
        .messages()
        .filter((m) => m.partition === partition)
        .map((m) => m.offset);
      expect(offsets).toEqual(Array.from({ length: 8 }, (_, i) => offsets[0]! + i));
    }
    expect(() => tails!.setPaused('no-such-tail', true)).toThrow(ConsoleError);
  });

  it('keeps a bounded buffer when the page falls behind, dropping the oldest and counting them', async () => {
    const { recorder } = openTail('tail-overflow', { bufferLimit: 5, batchIntervalMs: 1500 });
    await waitFor(() => recorder.statuses().includes('running'), 'the tail to run');
    await producer.send({
      topic: 'tail-overflow',
      messages: Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, value: String(i), partition: 0 })),
    });
    await waitFor(() => recorder.events.some((e) => e.type === 'messages'), 'a batch');
    const batch = recorder.events.find((e) => e.type === 'messages')!;
    expect(batch).toMatchObject({ received: 20, dropped: 15 });
    expect(recorder.messages().map((m) => m.key?.text)).toEqual(['k15', 'k16', 'k17', 'k18', 'k19']);
  });

  it('reads from the oldest retained message when asked to', async () => {
    const { recorder } = openTail('tail-formats', {}, true);
    await waitFor(() => recorder.messages().length >= 3, 'the retained messages');
    expect(recorder.messages().map((m) => m.key?.text)).toEqual(
      expect.arrayContaining(['json', 'text', 'binary']),
    );
  });

  it('ends with NOT_FOUND for a topic the cluster does not have, and refuses an unknown cluster', async () => {
    const { tail, recorder } = openTail('no-such-topic');
    await waitFor(() => recorder.ended !== null, 'the tail to end');
    expect(recorder.ended!.error).toEqual({
      code: 'NOT_FOUND',
      message: `The Kafka cluster flarenet-kafka (${sandbox.kafkaBootstrap}) has no topic no-such-topic.`,
    });
    await tail.stop();
    expect(recorder.events.at(-1)).toMatchObject({
      type: 'status',
      state: 'stopped',
      error: { code: 'NOT_FOUND' },
    });
    expect(recorder.statuses().filter((state) => state === 'stopped')).toHaveLength(1);
    expect(await groupIds()).not.toContain(tail.groupId);
    expect(() =>
      tails!.open({ kafkaCluster: 'elsewhere', topic: 'order-created', fromBeginning: false }, () => {}),
    ).toThrow(/does not watch a Kafka cluster named elsewhere/);
  });

  it('says it is reconnecting while the brokers cannot be reached, and stops at once when closed', async () => {
    tails = new TopicTails({ clusters: [{ name: 'broken', brokers: ['127.0.0.1:1'] }], log: () => {} });
    const events: TailEvent[] = [];
    const tail = tails.open(
      { kafkaCluster: 'broken', topic: 'order-created', fromBeginning: false },
      (event) => events.push(event),
    );
    await waitFor(
      () => events.some((e) => e.type === 'status' && e.state === 'reconnecting'),
      'reconnecting',
    );
    expect(events.find((e) => e.type === 'status' && e.state === 'reconnecting')).toMatchObject({
      error: {
        code: 'UNAVAILABLE',
        message: 'Cannot reach the Kafka cluster broken (127.0.0.1:1) (ECONNREFUSED)',
      },
    });
    const started = Date.now();
    await tail.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(events.at(-1)).toMatchObject({ type: 'status', state: 'stopped', error: null });
  });

  it('tails the simulated traffic without gaps, and closeAll stops every tail', async () => {
    const { recorder } = openTail('order-created');
    await waitFor(() => recorder.messages().length >= 5, 'five saga messages');
    for (const message of recorder.messages()) expect(message.value.encoding).toBe('json');
    const partitions = new Set(recorder.messages().map((m) => m.partition));
    for (const partition of partitions) {
      const offsets = recorder
        .messages()
        .filter((m) => m.partition === partition)
        .map((m) => m.offset);
      expect(offsets).toEqual(Array.from({ length: offsets.length }, (_, i) => offsets[0]! + i));
    }
    await tails!.closeAll();
    expect((await groupIds()).filter((id) => id.startsWith(tailGroupPrefix))).toEqual([]);
  });
});
