import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleClient } from '../../../shared/ipc/client';
import {
  kafkaGroupDetails,
  kafkaLagUpdates,
  kafkaListTopics,
  kafkaTail,
  kafkaTailSetPaused,
} from '../../../shared/ipc/kafka';
import type { IpcError } from '../../../shared/ipc/result';
import type { LagSnapshot, LagStreamEvent, TailEvent } from '../../../shared/kafka/kafkaModel';
import { applyLagPatch } from '../../../shared/kafka/lagDelta';
import { sandboxConsoleConfig } from '../config/consoleConfig';
import { createMemoryTransport } from '../../testing/memoryTransport';
import { IpcRouter } from '../ipc/router';
import { startSandbox, type Sandbox } from '../../testing/sandboxTestHarness';
import { registerKafkaHandlers } from './kafkaHandlers';
import { createKafkaServices, type KafkaServices } from './kafkaServices';

/** The Kafka channels end to end: a client over the in-memory transport, the router, the services, the sandbox. */

let sandbox: Sandbox;
let services: KafkaServices;
let dataDir: string;
let admin: Admin;
let client: ConsoleClient;
let closeTransport: () => void;
const logged: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ host: '127.0.0.1', ecsPort: 0, kafkaPort: 0, seed: 11, lively: false });
  dataDir = await mkdtemp(join(tmpdir(), 'flarenet-kafka-handlers-'));
  services = createKafkaServices({
    config: sandboxConsoleConfig(sandbox.ecsEndpoint, sandbox.kafkaBootstrap),
    dataDir,
    log: (line) => logged.push(line),
    knownServices: () => ['payment-service', 'order-service'],
  });
  const router = new IpcRouter();
  registerKafkaHandlers(router, services);
  const memory = createMemoryTransport(router);
  client = new ConsoleClient(memory.transport);
  closeTransport = () => memory.close();
  admin = new Kafka({ brokers: [sandbox.kafkaBootstrap], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await services.lagMonitor.refresh();
});

afterAll(async () => {
  closeTransport?.();
  await services?.close();
  await admin?.disconnect();
  await sandbox?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('the Kafka channels', () => {
  it('stream a lag snapshot, then patches that rebuild what main holds', async () => {
    const events: LagStreamEvent[] = [];
    const unsubscribe = client.subscribe(kafkaLagUpdates, {}, (event) => events.push(event));
    await waitFor(() => events.length > 0, 'the snapshot');
    const [first] = events;
    expect(first?.type).toBe('snapshot');
    if (first?.type !== 'snapshot') return;
    expect(first.snapshot.clusters.map((c) => [c.name, c.state])).toEqual([['flarenet-kafka', 'ok']]);
    expect(first.snapshot.groups.find((g) => g.groupId === 'payment-service')?.ownerService).toBe(
      'payment-service',
    );

    await new Promise((resolve) => setTimeout(resolve, 300));
    await services.lagMonitor.refresh();
    await waitFor(() => events.length > 1, 'a delta');
    expect(events.slice(1).every((e) => e.type === 'delta')).toBe(true);
    let rebuilt: LagSnapshot = first.snapshot;
    for (const event of events.slice(1))
      if (event.type === 'delta') rebuilt = applyLagPatch(rebuilt, event.delta);
    expect(rebuilt).toEqual(services.lagMonitor.snapshot());
    unsubscribe();
  });

  it("answer a group's details, and NOT_FOUND for a group or cluster the console does not know", async () => {
    const details = await client.invoke(kafkaGroupDetails, {
      kafkaCluster: 'flarenet-kafka',
      groupId: 'order-service',
    });
    expect(details.ok).toBe(true);
    if (details.ok) {
      expect(details.value.group.groupId).toBe('order-service');
      expect(details.value.partitions.map((p) => `${p.topic}/${p.partition}`)).toEqual([
        'saga-response/0',
        'saga-response/1',
        'saga-response/2',
      ]);
      expect(details.value.members.length).toBeGreaterThan(0);
    }
    const noGroup = await client.invoke(kafkaGroupDetails, {
      kafkaCluster: 'flarenet-kafka',
      groupId: 'ghost',
    });
    expect(noGroup).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'Kafka cluster flarenet-kafka has no consumer group ghost.' },
    });
    const noCluster = await client.invoke(kafkaListTopics, { kafkaCluster: 'elsewhere' });
    expect(noCluster.ok ? null : noCluster.error.code).toBe('NOT_FOUND');
    const invalid = await client.invoke(kafkaListTopics, { kafkaCluster: 'no spaces allowed' });
    expect(invalid.ok ? null : invalid.error.code).toBe('VALIDATION');
  });

  it("list the topics with partitions and retained messages, leaving out Kafka's own", async () => {
    const result = await client.invoke(kafkaListTopics, { kafkaCluster: 'flarenet-kafka' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const names = result.value.topics.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'inventory-reserve',
        'inventory-rollback',
        'notification-send',
        'order-completed',
        'order-created',
        'payment-process',
        'saga-response',
        'user-events',
      ]),
    );
    expect(names.some((name) => name.startsWith('__'))).toBe(false);
    for (const topic of result.value.topics) expect(topic.partitions).toBe(3);
    expect(result.value.topics.find((t) => t.name === 'user-events')!.messages).toBeGreaterThan(0);
  });

  it('run a tail for as long as its stream, pausable by its id', async () => {
    const events: TailEvent[] = [];
    let ended: IpcError | undefined | null = null;
    const unsubscribe = client.subscribe(
      kafkaTail,
      { kafkaCluster: 'flarenet-kafka', topic: 'user-events' },
      (event) => events.push(event),
      (error) => (ended = error),
    );
    await waitFor(() => events.some((e) => e.type === 'status' && e.state === 'running'), 'the tail to run');
    const status = events.find((e) => e.type === 'status')!;
    if (status.type !== 'status') throw new Error('expected a status first');
    expect(status.state).toBe('starting');
    expect((await admin.listGroups()).groups.map((g) => g.groupId)).toContain(status.groupId);

    expect(await client.invoke(kafkaTailSetPaused, { tailId: status.tailId, paused: true })).toEqual({
      ok: true,
      value: { paused: true },
    });
    expect(await client.invoke(kafkaTailSetPaused, { tailId: 'unknown', paused: true })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    await client.invoke(kafkaTailSetPaused, { tailId: status.tailId, paused: false });
    await waitFor(() => events.some((e) => e.type === 'messages'), 'messages');

    unsubscribe();
    await waitFor(() => services.tails.activeCount === 0, 'the tail to stop');
    await services.tails.closeAll();
    expect((await admin.listGroups()).groups.map((g) => g.groupId)).not.toContain(status.groupId);
    expect(ended).toBeNull();
  });

  it('end a tail of a topic that does not exist with NOT_FOUND', async () => {
    let ended: IpcError | undefined | null = null;
    client.subscribe(
      kafkaTail,
      { kafkaCluster: 'flarenet-kafka', topic: 'no-such-topic' },
      () => {},
      (error) => (ended = error),
    );
    await waitFor(() => ended !== null, 'the stream to end');
    expect(ended).toMatchObject({ code: 'NOT_FOUND' });
    await waitFor(() => services.tails.activeCount === 0, 'the tail to stop');
  });
});
