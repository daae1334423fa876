import type { Admin, Consumer, EachMessagePayload, Kafka, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, startSandbox, type Sandbox } from '../sandbox';
import {
  collect,
  defaultPartitioner,
  eventually,
  kafkaClient,
  quickConsumer,
} from '../../testing/kafkaTestClients';

let sandbox: Sandbox;
let kafka: Kafka;
let admin: Admin;
let producer: Producer;
const consumers: Consumer[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({
    clock: new ManualClock(),
    seed: 7,
    lively: false,
    kafka: { traffic: false },
  });
  kafka = kafkaClient(sandbox.kafkaBootstrap, 'rebalance-test');
  admin = kafka.admin();
  producer = kafka.producer({ createPartitioner: defaultPartitioner });
  await Promise.all([admin.connect(), producer.connect()]);
  await admin.createTopics({ topics: [{ topic: 'ledger', numPartitions: 4 }] });
});

afterAll(async () => {
  await Promise.all(consumers.map((consumer) => consumer.disconnect()));
  await Promise.all([admin.disconnect(), producer.disconnect()]);
  await sandbox.close();
});

interface Member {
  consumer: Consumer;
  seen: EachMessagePayload[];
  /** Partitions of `ledger` from the latest GROUP_JOIN event. */
  partitions: () => number[];
}

async function startMember(): Promise<Member> {
  const consumer = kafka.consumer({ groupId: 'ledger-writers', ...quickConsumer });
  consumers.push(consumer);
  let partitions: number[] = [];
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    partitions = [...(payload.memberAssignment['ledger'] ?? [])].sort();
  });
  await consumer.connect();
  await consumer.subscribe({ topic: 'ledger', fromBeginning: true });
  return { consumer, seen: collect(consumer), partitions: () => partitions };
}

async function produce(batch: string, count: number): Promise<string[]> {
  const values = Array.from({ length: count }, (_, index) => `${batch}-${index}`);
  await producer.send({ topic: 'ledger', messages: values.map((value) => ({ key: value, value })) });
  return values;
}

async function committedEverything(): Promise<boolean> {
  const [topic] = await admin.fetchOffsets({ groupId: 'ledger-writers', topics: ['ledger'] });
  const ends = await admin.fetchTopicOffsets('ledger');
  return topic!.partitions.every((p) => p.offset === ends.find((end) => end.partition === p.partition)!.high);
}

const values = (member: Member): string[] => member.seen.map(({ message }) => message.value!.toString());

describe('a consumer group of two kafkajs members', () => {
  it('splits the partitions, consumes every message exactly once, and hands all back when one leaves', async () => {
    const first = await startMember();
    const early = await produce('early', 40);
    await eventually(() => first.seen.length === 40, 'the first member has read the early messages');
    await eventually(committedEverything, 'the first member has committed');
    expect(first.partitions()).toEqual([0, 1, 2, 3]);

    const second = await startMember();
    await eventually(
      () => first.partitions().length === 2 && second.partitions().length === 2,
      'both members hold two partitions each',
    );
    expect([...first.partitions(), ...second.partitions()].sort()).toEqual([0, 1, 2, 3]);
    const [group] = (await admin.describeGroups(['ledger-writers'])).groups;
    expect(group).toMatchObject({ state: 'Stable', protocol: 'RoundRobinAssigner' });
    expect(group!.members).toHaveLength(2);

    const middle = await produce('middle', 40);
    await eventually(
      () => first.seen.length + second.seen.length === 80,
      'the two members have read the middle messages between them',
    );
    expect(values(second).length).toBeGreaterThan(0);
    expect(first.seen.length).toBeGreaterThan(40);
    for (const { partition } of second.seen) expect(second.partitions()).toContain(partition);

    await eventually(committedEverything, 'both members have committed');
    const generationBefore = sandbox.kafka.broker.coordinator.describeGroup('ledger-writers');
    await second.consumer.disconnect();
    await eventually(() => first.partitions().length === 4, 'the remaining member holds every partition');
    expect(sandbox.kafka.broker.coordinator.describeGroup('ledger-writers').members).toHaveLength(1);
    expect(generationBefore.generationId).toBeGreaterThan(1);

    const late = await produce('late', 20);
    await eventually(
      () => first.seen.length + second.seen.length === 100,
      'the remaining member has read the late ones',
    );

    const everything = [...values(first), ...values(second)].sort();
    expect(everything).toEqual([...early, ...middle, ...late].sort());
    expect(new Set(everything).size).toBe(100);
  });
});

describe("a kafkajs member in one of the platform's groups", () => {
  it('is assigned partitions beside the simulated members and gives them back when it leaves', async () => {
    const platform = await startSandbox({ clock: new ManualClock(), seed: 8, lively: false });
    const client = kafkaClient(platform.kafkaBootstrap, 'visitor');
    const visitor = client.consumer({ groupId: 'analytics-service', ...quickConsumer });
    try {
      let assigned: Record<string, number[]> = {};
      visitor.on(visitor.events.GROUP_JOIN, ({ payload }) => {
        assigned = payload.memberAssignment;
      });
      await visitor.connect();
      await visitor.subscribe({ topics: ['user-events', 'order-created', 'order-completed'] });
      void visitor.run({ eachMessage: () => Promise.resolve() });
      // The simulated members hear of the rebalance at their next heartbeat, on the sandbox's clock.
      await eventually(async () => {
        platform.advance(500);
        await new Promise((resolve) => setTimeout(resolve, 10));
        return Object.values(assigned).flat().length > 0;
      }, 'the visitor has been given partitions');
      const group = platform.kafka.broker.coordinator.describeGroup('analytics-service');
      expect(group).toMatchObject({ state: 'Stable', protocolName: 'RoundRobinAssigner' });
      expect(group.members.map((member) => member.clientId)).toContain('visitor');
      expect(group.members).toHaveLength(4);

      await visitor.disconnect();
      await eventually(() => {
        platform.advance(500);
        const after = platform.kafka.broker.coordinator.describeGroup('analytics-service');
        return after.state === 'Stable' && after.members.length === 3;
      }, 'the simulated members hold the group again');
      expect(platform.kafka.broker.coordinator.describeGroup('analytics-service').protocolName).toBe('range');
    } finally {
      await visitor.disconnect();
      await platform.close();
    }
  });
});
