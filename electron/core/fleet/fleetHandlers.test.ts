import { afterEach, describe, expect, it } from 'vitest';
import { applyFleetPatch } from '../../../shared/fleet/fleetDelta';
import type { FleetSnapshot, FleetStreamEvent } from '../../../shared/fleet/fleetModel';
import { ConsoleClient } from '../../../shared/ipc/client';
import { fleetUpdates } from '../../../shared/ipc/fleet';
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

describe('the fleet stream', () => {
  it('sends the snapshot, then patches of only what changed, which rebuild what main holds', async () => {
    const clock = new ManualClock();
    const sandbox = await startSandbox({ clock, seed: 42, lively: false });
    const clients = new EcsClientFactory();
    const monitor = new FleetMonitor({
      targets: fleetTargetsFromConfig(sandboxConsoleConfig(sandbox.ecsEndpoint), clients),
      now: () => clock.now(),
    });
    const router = new IpcRouter();
    registerFleetHandlers(router, monitor, () => clock.now());
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
