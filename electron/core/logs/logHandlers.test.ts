import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleClient } from '../../../shared/ipc/client';
import { logsErrorRate, logsSearch, logsTail, logsTailSetPaused } from '../../../shared/ipc/logs';
import type { IpcError } from '../../../shared/ipc/result';
import type { LogTailEvent } from '../../../shared/logs/logModel';
import { createMemoryTransport } from '../../testing/memoryTransport';
import { IpcRouter } from '../ipc/router';
import { registerLogHandlers } from './logHandlers';
import { type LogHarness, startLogHarness } from '../../testing/logTestHarness';

/** The logs channels end to end: a client over the in-memory transport, the router, the log service, the sandbox. */

let harness: LogHarness;
let client: ConsoleClient;
let closeTransport: () => void;

beforeAll(async () => {
  harness = await startLogHarness();
  const router = new IpcRouter();
  registerLogHandlers(router, harness.logs);
  const memory = createMemoryTransport(router);
  client = new ConsoleClient(memory.transport);
  closeTransport = () => memory.close();
});

afterAll(async () => {
  closeTransport?.();
  await harness?.close();
});

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 8000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the logs channels', () => {
  it('stream a tail that the contract accepts, pause it by its id, and stop it on unsubscribe', async () => {
    const events: LogTailEvent[] = [];
    let ended: IpcError | undefined | null = null;
    const unsubscribe = client.subscribe(
      logsTail,
      { cluster: 'flarenet-production', service: 'order-service' },
      (event) => events.push(event),
      (error) => (ended = error),
    );
    harness.run();
    await waitFor(() => events.some((event) => event.type === 'lines' && event.lines.length > 0), 'lines');
    const status = events.find((event) => event.type === 'status')!;
    if (status.type !== 'status') throw new Error('expected a status first');

    const paused = await client.invoke(logsTailSetPaused, { tailId: status.tailId, paused: true });
    expect(paused).toEqual({ ok: true, value: { paused: true } });
    await waitFor(
      () => events.some((event) => event.type === 'status' && event.state === 'paused'),
      'paused',
    );
    expect(harness.logs.activeTails).toBe(1);

    unsubscribe();
    await waitFor(() => harness.logs.activeTails === 0, 'the tail to stop');
    harness.hold();
    expect(ended).toBeNull();
    const afterStop = await client.invoke(logsTailSetPaused, { tailId: status.tailId, paused: false });
    expect(afterStop).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('answer searches and error rates, and refuse requests the contract does not allow', async () => {
    const now = harness.clock.now();
    const search = await client.invoke(logsSearch, {
      cluster: 'flarenet-production',
      service: 'order-service',
      filterPattern: '"POST /v1/orders"',
      startTime: now - 60_000,
      endTime: now,
    });
    expect(search.ok).toBe(true);
    if (!search.ok) return;
    expect(search.value.lines.length).toBeGreaterThan(0);
    for (const line of search.value.lines) expect(line.message).toContain('POST /v1/orders');

    const rate = await client.invoke(logsErrorRate, {
      cluster: 'flarenet-production',
      service: 'order-service',
      windowMs: 10 * 60_000,
      bucketMs: 60_000,
    });
    expect(rate.ok && rate.value.buckets.length).toBeGreaterThanOrEqual(10);

    const backwards = await client.invoke(logsSearch, {
      cluster: 'flarenet-production',
      service: 'order-service',
      startTime: now,
      endTime: now - 1,
    });
    expect(backwards).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const tooFine = await client.invoke(logsErrorRate, {
      cluster: 'flarenet-production',
      service: 'order-service',
      windowMs: 24 * 60 * 60_000,
      bucketMs: 1000,
    });
    expect(tooFine).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});
