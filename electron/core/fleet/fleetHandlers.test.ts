import { afterEach, describe, expect, it } from 'vitest';
import { applyFleetPatch } from '../../../shared/fleet/fleetDelta';
import type { FleetSnapshot, FleetStreamEvent } from '../../../shared/fleet/fleetModel';
import { ConsoleClient } from '../../../shared/ipc/client';
import type { FleetWindowEvent } from '../../../shared/fleet/fleetWindowModel';
import { fleetCatalog, fleetUpdates, fleetWindow } from '../../../shared/ipc/fleet';
import { sandboxConsoleConfig } from '../config/consoleConfig';
import { IpcRouter } from '../ipc/router';
import { createMemoryTransport } from '../../testing/memoryTransport';
import { ManualClock, startSandbox } from '../../testing/sandboxTestHarness';
import { EcsClientFactory } from './ecsClients';
import { registerFleetHandlers } from './fleetHandlers';
import { FleetMonitor } from './fleetMonitor';
import { fleetTargetsFromConfig } from './fleetTargets';

/** The fleet stream end to end: a client over the in-memory transport, the router, the monitor, the sandbox. */

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function nextTurns(count: number): Promise<void> {
  for (let turn = 0; turn < count; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/** A monitor on a fresh sandbox behind the router, and a client over the in-memory transport. */
async function fleetBehindRouter() {
  const clock = new ManualClock();
  const sandbox = await startSandbox({ clock, seed: 42, lively: false });
  const clients = new EcsClientFactory();
  const monitor = new FleetMonitor({
    targets: fleetTargetsFromConfig(sandboxConsoleConfig(sandbox.ecsEndpoint), clients),
    now: () => clock.now(),
  });
  const router = new IpcRouter();
  registerFleetHandlers(router, monitor, { now: () => clock.now() });
  const memory = createMemoryTransport(router);
  const client = new ConsoleClient(memory.transport);
  cleanups.push(
    () => sandbox.close(),
    () => clients.destroyAll(),
    () => monitor.stop(),
    () => memory.close(),
  );
  await monitor.refresh();
  await monitor.refresh();
  return { sandbox, monitor, client };
}

describe('the fleet stream', () => {
  it('sends the snapshot, then patches of only what changed, which rebuild what main holds', async () => {
    const { sandbox, monitor, client } = await fleetBehindRouter();

    const events: FleetStreamEvent[] = [];
    const unsubscribe = client.subscribe(fleetUpdates, {}, (event) => events.push(event));
    cleanups.push(unsubscribe);
    await nextTurns(5);
    const [first] = events;
    if (first?.type !== 'snapshot') throw new Error('expected the snapshot first');
    expect(first.snapshot).toEqual(monitor.snapshot());

    sandbox.advance(5_000);
    await monitor.refresh();
    await nextTurns(5);
    const quiet = events.slice(1);
    expect(quiet.every((e) => e.type === 'delta' && !e.delta.patched)).toBe(true);

    await sandbox.runScenario({
      kind: 'bad-deploy',
      cluster: 'flarenet-production',
      service: 'payment-service',
    });
    await monitor.refresh();
    await nextTurns(5);
    const patched = events
      .slice(1 + quiet.length)
      .flatMap((e) => (e.type === 'delta' ? (e.delta.patched ?? []) : []));
    expect(patched.map((p) => p.key)).toEqual([
      monitor
        .snapshot()
        .services.find((s) => s.serviceName === 'payment-service' && s.clusterName === 'flarenet-production')
        ?.key,
    ]);
    expect(Object.keys(patched[0]?.set ?? {})).not.toContain('serviceArn');

    let rebuilt: FleetSnapshot = first.snapshot;
    for (const event of events.slice(1))
      if (event.type === 'delta') rebuilt = applyFleetPatch(rebuilt, event.delta);
    expect(rebuilt).toEqual(monitor.snapshot());
  });
});

describe('the services table’s window of the fleet', () => {
  it('sends the window’s rows and every cluster’s counts, then only what changed in it', async () => {
    const { sandbox, monitor, client } = await fleetBehindRouter();
    const fleet = monitor.snapshot();
    const events: FleetWindowEvent[] = [];
    const unsubscribe = client.subscribe(
      fleetWindow,
      { filter: 'production', offset: 0, limit: 4, pinned: [] },
      (event) => events.push(event),
    );
    cleanups.push(unsubscribe);
    await nextTurns(5);
    const [first] = events;
    if (first?.type !== 'snapshot') throw new Error('expected the snapshot first');
    const production = fleet.services.filter((s) => s.environment === 'production');
    expect(first.window.matched).toBe(production.length);
    expect(first.window.rows.map((row) => row.kind)).toEqual([
      'environment',
      'cluster',
      'service',
      'service',
    ]);
    expect(first.snapshot.services.map((s) => s.key)).toEqual(
      first.window.rows.filter((row) => row.kind === 'service').map((row) => row.id),
    );
    const counted = first.counts.reduce(
      (sum, { counts }) => sum + Object.values(counts).reduce((a, b) => a + b, 0),
      0,
    );
    expect(counted).toBe(fleet.services.length);

    // A bad deploy of a production service outside the window: its cluster's counts move, nothing of the service comes.
    const shown = new Set(first.snapshot.services.map((s) => s.serviceName));
    const outside = production.find((s) => !shown.has(s.serviceName));
    if (!outside) throw new Error('the sandbox has too few production services for this test');
    await sandbox.runScenario({
      kind: 'bad-deploy',
      cluster: outside.clusterName,
      service: outside.serviceName,
    });
    for (let round = 0; round < 6; round++) {
      sandbox.advance(5_000);
      await monitor.refresh();
    }
    await nextTurns(5);
    const later = events.slice(1).flatMap((e) => (e.type === 'delta' ? [e] : []));
    expect(later.flatMap((e) => e.delta.patched ?? []).map((p) => p.key)).not.toContain(outside.key);
    expect(later.some((e) => e.counts?.some((c) => c.counts.healthy < production.length))).toBe(true);
  });

  it('answers the catalog with every service by name and health', async () => {
    const { monitor, client } = await fleetBehindRouter();
    const { services } = await client.request(fleetCatalog, {});
    expect(services).toEqual(
      monitor.snapshot().services.map(({ key, environment, clusterName, serviceName, health }) => ({
        key,
        environment,
        clusterName,
        serviceName,
        health,
      })),
    );
  });
});
