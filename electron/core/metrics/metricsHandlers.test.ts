import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleClient } from '../../../shared/ipc/client';
import { metricsForServices, metricsServiceActivity, metricsUpdates } from '../../../shared/ipc/metrics';
import { metricsForServicesLimit } from '../../../shared/metrics/metricFigures';
import { applyMetricsPatch } from '../../../shared/metrics/metricsDelta';
import { tailStart, withTail } from '../../../shared/metrics/metricsTail';
import type { MetricsSnapshot, MetricsStreamEvent } from '../../../shared/metrics/metricsModel';
import { createMemoryTransport } from '../../testing/memoryTransport';
import { startMetricsTestConsole } from '../../testing/metricsTestConsole';
import { IpcRouter } from '../ipc/router';
import { registerMetricsHandlers } from './metricsHandlers';

/** The metrics' channels end to end: a client over the in-memory transport, the router, the monitor, the sandbox. */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function nextTurns(count: number): Promise<void> {
  for (let turn = 0; turn < count; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/** A client of the metrics' channels on a monitor of the sandbox, over the in-memory transport. */
async function channelsOnSandbox() {
  const test = await startMetricsTestConsole((cleanup) => cleanups.push(cleanup));
  const monitor = test.monitorOf();
  const router = new IpcRouter();
  registerMetricsHandlers(router, monitor);
  const memory = createMemoryTransport(router);
  cleanups.push(() => memory.close());
  return { ...test, monitor, client: new ConsoleClient(memory.transport) };
}

describe('the metrics channels', () => {
  it('stream the snapshot, then patches the page rebuilds main’s metrics from, each valid under the contract', async () => {
    const { harness, monitor, client } = await channelsOnSandbox();
    await monitor.refresh();

    const events: MetricsStreamEvent[] = [];
    let ended = false;
    cleanups.push(
      client.subscribe(
        metricsUpdates,
        {},
        (event) => events.push(event),
        () => (ended = true),
      ),
    );
    await nextTurns(5);
    harness.sandbox.advance(60_000);
    await monitor.refresh();
    await harness.sandbox.runScenario({
      kind: 'bad-deploy',
      cluster: 'flarenet-production',
      service: 'api-gateway',
      circuitBreaker: 'off',
    });
    harness.sandbox.advance(3 * 60_000);
    await monitor.refresh();
    await nextTurns(5);

    expect(ended).toBe(false);
    const [first, ...rest] = events;
    if (first?.type !== 'snapshot') throw new Error('expected the snapshot first');
    let page: MetricsSnapshot = first.snapshot;
    for (const event of rest) if (event.type === 'delta') page = applyMetricsPatch(page, event.delta);
    expect(rest.length).toBeGreaterThan(0);
    expect(page).toEqual(monitor.snapshot());
  });

  it('answer a page’s services with their metrics only, leaving out keys main has none for, and refuse too many keys', async () => {
    const { fleet, monitor, client } = await channelsOnSandbox();
    await monitor.refresh();
    const [first, second] = fleet.snapshot().services;
    const keys = [second!.key, first!.key, 'arn:aws:ecs:us-east-1:000000000000:cluster/nowhere|nothing'];

    const answer = await client.invoke(metricsForServices, { keys });
    if (!answer.ok) throw new Error(answer.error.message);
    expect(answer.value.services.map((service) => service.key).sort()).toEqual(
      [first!.key, second!.key].sort(),
    );
    const whole = monitor.snapshot();
    expect(answer.value.services).toEqual(whole.services.filter((service) => keys.includes(service.key)));
    expect(answer.value.environments).toEqual(whole.environments);

    // The last minutes only, which laid over the hour give the hour again.
    const since = tailStart(answer.value.services)!;
    const tail = await client.invoke(metricsForServices, { keys, since });
    if (!tail.ok) throw new Error(tail.error.message);
    expect(tail.value.services.every((service) => service.cpu.length === 4)).toBe(true);
    expect(
      tail.value.services.map((service) =>
        withTail(
          answer.value.services.find((held) => held.key === service.key)!,
          service,
        ),
      ),
    ).toEqual(answer.value.services);

    const tooMany = Array.from({ length: metricsForServicesLimit + 1 }, (_, index) => `key-${index}`);
    expect(await client.invoke(metricsForServices, { keys: tooMany })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
  });

  it('answers a service the console does not watch with NOT_FOUND', async () => {
    const { client } = await channelsOnSandbox();
    const answer = await client.invoke(metricsServiceActivity, {
      serviceKey: 'arn:aws:ecs:us-east-1:000000000000:cluster/nowhere|nothing',
    });
    expect(answer).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
