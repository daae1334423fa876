import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxConsoleConfig } from '../config/consoleConfig';
import { EcsClientFactory } from '../fleet/ecsClients';
import { FleetMonitor } from '../fleet/fleetMonitor';
import { fleetTargetsFromConfig } from '../fleet/fleetTargets';
import { startSandbox, type Sandbox, ManualClock } from '../../testing/sandboxTestHarness';
import type { Delivery } from './notifier';
import { startNotifications, type NotificationService } from './notificationService';

/**
 * The rollout rule on the real fleet monitor: the sandbox's ECS read through the SDK, on a
 * manual clock the test moves, while the circuit breaker fails a bad deploy and rolls it back.
 */

let sandbox: Sandbox;
let clock: ManualClock;
let clients: EcsClientFactory;
let fleet: FleetMonitor;
let dataDir: string;
let notifications: NotificationService;
const deliveries: Delivery[] = [];

beforeAll(async () => {
  clock = new ManualClock();
  sandbox = await startSandbox({ clock, seed: 7, lively: false, ecsPort: 0, kafkaPort: 0 });
  const config = sandboxConsoleConfig(sandbox.ecsEndpoint);
  clients = new EcsClientFactory({ maxAttempts: 1 });
  const now = () => clock.now();
  fleet = new FleetMonitor({ targets: fleetTargetsFromConfig(config, clients), now });
  dataDir = await mkdtemp(join(tmpdir(), 'flarenet-notify-sandbox-'));
  notifications = await startNotifications({
    dataDir,
    fleet,
    now,
    timers: { setTimer: () => null, clearTimer: () => undefined },
    log: () => undefined,
  });
  notifications.subscribe((delivery) => deliveries.push(delivery));
  await fleet.refresh();
});

afterAll(async () => {
  notifications?.close();
  fleet?.stop();
  clients?.destroyAll();
  await sandbox?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function stepUntil(done: () => boolean, what: string, limit = 120): Promise<void> {
  for (let i = 0; i < limit && !done(); i++) {
    sandbox.advance(2000);
    await fleet.refresh();
  }
  if (!done())
    throw new Error(
      `never saw ${what}; delivered: ${JSON.stringify(deliveries.map((d) => d.notification.title))}`,
    );
}

describe('notifications on the sandbox', () => {
  it('tells once that the circuit breaker failed and rolled back a bad deploy, and when it is back to OK', async () => {
    await sandbox.runScenario({
      kind: 'bad-deploy',
      cluster: 'flarenet-production',
      service: 'catalog-service',
      circuitBreaker: 'rollback',
    });
    await stepUntil(() => deliveries.some((delivery) => delivery.type === 'resolved'), 'the resolution');
    expect(deliveries.map((delivery) => delivery.type)).toEqual(['fired', 'resolved']);
    const [fired, resolved] = deliveries;
    expect(fired!.notification).toMatchObject({
      rule: 'rollout-failed',
      subject: { environment: 'production', service: 'catalog-service' },
      link: {
        kind: 'service',
        environment: 'production',
        cluster: 'flarenet-production',
        service: 'catalog-service',
      },
    });
    expect(fired!.notification.title).toMatch(/^catalog-service: rollout of catalog-service:\d+ failed/);
    expect(resolved!.notification.resolution?.title).toMatch(
      /^catalog-service back to OK: catalog-service:\d+ completed/,
    );
    expect(notifications.inbox.current().unread).toBe(1);
  });

  it('tells of a rollout that failed and was rolled back between two readings, from ECS’s events', async () => {
    const before = deliveries.length;
    await sandbox.runScenario({
      kind: 'bad-deploy',
      cluster: 'flarenet-production',
      service: 'inventory-service',
      circuitBreaker: 'rollback',
    });
    // The whole rollout, its failure and its rollback happen before the monitor reads again.
    for (let i = 0; i < 60; i++) sandbox.advance(2000);
    await fleet.refresh();
    await expect.poll(() => deliveries.length).toBe(before + 1);
    const told = deliveries[before]!;
    expect(told.type).toBe('fired');
    expect(told.notification).toMatchObject({
      rule: 'rollout-failed',
      subject: { service: 'inventory-service' },
      resolution: null,
    });
    expect(told.notification.title).toMatch(
      /^inventory-service: a rollout failed and was rolled back to inventory-service:\d+ before the console read it again$/,
    );
    expect(told.notification.body).toMatch(/rolling back to deployment/);
  });
});
