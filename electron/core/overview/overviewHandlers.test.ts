import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleClient } from '../../../shared/ipc/client';
import { overviewUpdates } from '../../../shared/ipc/overview';
import type { Overview } from '../../../shared/overview/overviewModel';
import { createMemoryTransport } from '../../testing/memoryTransport';
import { startMetricsTestConsole } from '../../testing/metricsTestConsole';
import { IpcRouter } from '../ipc/router';
import { registerOverviewHandlers } from './overviewHandlers';

/** The Overview's channel end to end: a client over the in-memory transport, the router, the monitors, the sandbox. */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function nextTurns(count: number): Promise<void> {
  for (let turn = 0; turn < count; turn++) await new Promise((resolve) => setImmediate(resolve));
}

describe('the overview channel', () => {
  it('streams the Overview as it is, then again only when it changed, valid under the contract', async () => {
    const { fleet, monitorOf } = await startMetricsTestConsole((cleanup) => cleanups.push(cleanup));
    const metrics = monitorOf();
    const router = new IpcRouter();
    const logged: string[] = [];
    registerOverviewHandlers(router, { fleet, metrics }, (line) => logged.push(line));
    const memory = createMemoryTransport(router);
    cleanups.push(() => memory.close());
    const client = new ConsoleClient(memory.transport);

    const events: Overview[] = [];
    let ended = false;
    cleanups.push(
      client.subscribe(
        overviewUpdates,
        {},
        (event) => events.push(event),
        () => (ended = true),
      ),
    );
    await nextTurns(5);
    expect(events).toHaveLength(1);
    expect(events[0]!.hasMetrics).toBe(false);

    // Each environment's read is told as it ends: staging's, then production's.
    await metrics.refresh();
    await nextTurns(5);
    expect(events).toHaveLength(3);
    const read = events.at(-1)!;
    expect(read.hasMetrics).toBe(true);
    expect(read.services).toHaveLength(18);
    expect(
      read.environments.map((environment) => [environment.environment, environment.metricsState]),
    ).toEqual([
      ['staging', 'ok'],
      ['production', 'ok'],
    ]);
    // A second read at the same moment changes nothing the Overview shows: nothing is sent.
    await metrics.refresh();
    await nextTurns(5);
    expect(ended).toBe(false);
    expect(events).toHaveLength(3);
    expect(logged).toEqual([]);
  });
});
