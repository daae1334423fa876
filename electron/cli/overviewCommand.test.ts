import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overviewSchema } from '../../shared/overview/overviewModel';
import { runCliProcess } from '../testing/cliTestProcess';
import { startTestSandboxAfterBadGatewayDeploy, type TestSandbox } from '../testing/sandboxTestHarness';

/** `cli overview` as a person runs it: a separate process, reading a sandbox's ECS and CloudWatch over HTTP. */

const production = 'flarenet-production';
const gatewayAlarm = 'api-gateway-5xx';

let harness: TestSandbox;

/** The text without its SGR colour codes (ESC [ n m). */
function withoutColour(text: string): string {
  return text
    .split(`${String.fromCharCode(27)}[`)
    .map((part, index) => (index === 0 ? part : part.replace(/^\d+m/, '')))
    .join('');
}

beforeAll(async () => {
  // The command reads the hour up to its own clock: the sandbox's is brought up to it.
  harness = await startTestSandboxAfterBadGatewayDeploy();
});

afterAll(async () => {
  await harness.close();
});

describe('cli overview', () => {
  it('prints the bad deploy first, with its 5XX rate and the alarm it tripped, as JSON with --json', async () => {
    const run = await runCliProcess(['overview', '--json', '--ecs-endpoint', harness.sandbox.ecsEndpoint]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const overview = overviewSchema.parse(JSON.parse(run.stdout));
    expect(overview.hasMetrics).toBe(true);
    expect(overview.figures.serviceCount).toBe(18);
    expect(overview.services[0]).toMatchObject({
      clusterName: production,
      serviceName: 'api-gateway',
      alarms: [gatewayAlarm],
    });
    expect(overview.services[0]!.errorRate).toBeGreaterThan(0.05);
    expect(overview.alarms.map((alarm) => [alarm.environment, alarm.name, alarm.state])).toEqual([
      ['endpoint', gatewayAlarm, 'ALARM'],
    ]);
  });

  it('draws the dashboard in box-drawing text, without colour for NO_COLOR and with it for FORCE_COLOR', async () => {
    const [plain, coloured] = await Promise.all([
      runCliProcess(['overview', '--width', '80', '--ecs-endpoint', harness.sandbox.ecsEndpoint]),
      runCliProcess(['overview', '--width', '80', '--ecs-endpoint', harness.sandbox.ecsEndpoint], {
        env: { FORCE_COLOR: '1' },
      }),
    ]);
    expect(plain.code).toBe(0);
    const lines = plain.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^FlareNet overview — \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    expect(lines.length).toBeLessThan(60);
    expect(lines.every((line) => [...line].length <= 80)).toBe(true);
    expect(plain.stdout).toMatch(/│ Errors +█*░+ +\d+(\.\d)? % of requests answered 5XX +│/);
    expect(plain.stdout).toMatch(/│ [▲✖◐✓] production\/api-gateway +\d+(\.\d)? % +\d+(\.\d)? m?s /);
    expect(plain.stdout).toContain(`│ ALARM ${gatewayAlarm} (endpoint) since `);
    expect(plain.stdout).not.toContain('\u001b[');
    expect(coloured.stdout).toContain('\u001b[');
    const withoutHeader = (text: string) => text.split('\n').slice(1).join('\n');
    expect(withoutHeader(withoutColour(coloured.stdout))).toBe(withoutHeader(plain.stdout));
  });

  it('reads a sandbox of its own when given no endpoint', async () => {
    const run = await runCliProcess(['overview', '--cluster', 'flarenet-staging']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/running on a FlareNet sandbox/);
    expect(run.stdout).toMatch(/^FlareNet overview — SANDBOX — /);
    expect(run.stdout).toContain('9 services: 9 ✓ healthy');
    expect(run.stdout).toContain('api-gateway');
    expect(run.stdout).not.toContain('production/');
  });

  it('fails with one clear line when the endpoint cannot be reached, and refuses a bad width', async () => {
    const [unreachable, narrow] = await Promise.all([
      runCliProcess(['overview', '--ecs-endpoint', 'http://127.0.0.1:1']),
      runCliProcess(['overview', '--width', '40']),
    ]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stdout).toBe('');
    expect(unreachable.stderr).toBe(
      'Error: Cannot reach the ECS endpoint http://127.0.0.1:1 (ECONNREFUSED)\n',
    );
    expect(narrow.code).toBe(2);
    expect(narrow.stderr.split('\n')[0]).toBe('--width takes a whole number from 80 to 120 (got 40).');
  });
});
