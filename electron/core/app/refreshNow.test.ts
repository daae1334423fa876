import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleClient } from '../../../shared/ipc/client';
import { fleetRefresh } from '../../../shared/ipc/fleet';
import { createMemoryTransport } from '../../testing/memoryTransport';
import { startSandbox, type Sandbox } from '../../testing/sandboxTestHarness';
import { startConsoleCore, type ConsoleCore } from './consoleCore';

/**
 * "Refresh now" on the console's own sandbox: the real sandbox answers over HTTP, the core
 * reads it with the AWS SDK, and a client asks over the contract as a page does.
 */

let dataDir: string;
let core: ConsoleCore;
let sandbox: Sandbox | undefined;
let client: ConsoleClient;
let closeTransport: () => void;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'flarenet-refresh-'));
  core = await startConsoleCore({
    shell: 'browser',
    dataDir,
    env: {},
    version: '0.0.0-test',
    readOnlyReason: null,
    startSandbox: async (options) => (sandbox = await startSandbox({ ...options, seed: 5, lively: false })),
    log: () => undefined,
  });
  const memory = createMemoryTransport(core.router);
  closeTransport = () => memory.close();
  client = new ConsoleClient(memory.transport);
});

afterAll(async () => {
  closeTransport?.();
  await core?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function alarmReads(): number {
  return sandbox?.cloudWatchCallCounts().get('DescribeAlarms') ?? 0;
}

/** Resolves once CloudWatch has been read and nothing has read it for `quietMs`. */
async function cloudWatchQuiet(quietMs: number): Promise<void> {
  let last = -1;
  let since = Date.now();
  for (;;) {
    const reads = alarmReads();
    if (reads !== last) [last, since] = [reads, Date.now()];
    else if (reads > 0 && Date.now() - since >= quietMs) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('refresh now', () => {
  it('reads CloudWatch’s alarms again with the fleet, rather than leaving them to their next minute', async () => {
    // The first reads (at start, and of the services the fleet then shows) are over; the next
    // one on the metrics' own schedule is a minute away.
    await cloudWatchQuiet(1500);
    const before = alarmReads();
    await client.request(fleetRefresh, {});
    expect(alarmReads()).toBeGreaterThan(before);
  });
});
