import { expect } from 'vitest';
import type { HostProcess } from '../../electron/testing/consoleHostProcess';

/** Runs a scenario on the host's sandbox through its control endpoint, as a demo would. */
export async function runSandboxScenario(
  host: HostProcess,
  scenario: Record<string, unknown>,
): Promise<void> {
  if (!host.sandboxEcsEndpoint) throw new Error('The host did not report its sandbox endpoint.');
  const response = await fetch(`${host.sandboxEcsEndpoint}/_sandbox/scenario`, {
    method: 'POST',
    headers: host.sandboxControlHeaders,
    body: JSON.stringify(scenario),
  });
  expect(response.status, await response.clone().text()).toBe(200);
}
