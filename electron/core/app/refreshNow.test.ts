import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetRefresh } from '../../../shared/ipc/fleet';
import { startCoreOnSandbox, type CoreOnSandbox } from '../../testing/coreOnSandbox';

/**
 * "Refresh now" on the console's own sandbox: the real sandbox answers over HTTP, the core
 * reads it with the AWS SDK, and a client asks over the contract as a page does.
 */

let onSandbox: CoreOnSandbox;

beforeAll(async () => {
  onSandbox = await startCoreOnSandbox({ seed: 5 });
});

afterAll(async () => {
  await onSandbox?.close();
});

function alarmReads(): number {
  return onSandbox.sandbox().cloudWatchCallCounts().get('DescribeAlarms') ?? 0;
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
    await onSandbox.client.request(fleetRefresh, {});
    expect(alarmReads()).toBeGreaterThan(before);
  });
});
