import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetSnapshotSchema } from '../../shared/fleet/fleetModel';
import { startSandbox, type Sandbox } from '../sandbox/sandbox';
import { runCliProcess } from '../testing/cliTestProcess';

/** `cli services` as a person runs it: a separate process, reading a sandbox over HTTP. */

const serviceNames = [
  'api-gateway',
  'auth-service',
  'user-service',
  'order-service',
  'inventory-service',
  'catalog-service',
  'payment-service',
  'notification-service',
  'analytics-service',
];

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 7, lively: false });
});

afterAll(async () => {
  await sandbox.close();
});

describe('cli services', () => {
  it('prints the fleet snapshot as JSON with --json', async () => {
    const run = await runCliProcess(['services', '--json', '--ecs-endpoint', sandbox.ecsEndpoint]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const snapshot = fleetSnapshotSchema.parse(JSON.parse(run.stdout));
    expect(snapshot.clusters.map((c) => [c.clusterName, c.state, c.serviceCount])).toEqual([
      ['flarenet-staging', 'ok', 9],
      ['flarenet-production', 'ok', 9],
    ]);
    expect(snapshot.services).toHaveLength(18);
    for (const clusterName of ['flarenet-staging', 'flarenet-production']) {
      expect(
        snapshot.services
          .filter((s) => s.clusterName === clusterName)
          .map((s) => s.serviceName)
          .sort(),
      ).toEqual([...serviceNames].sort());
    }
    for (const service of snapshot.services) {
      expect(service.health).toBe('healthy');
      expect(service.imageTag).toMatch(/^v\d+\.\d+\.\d+$/);
    }
  });

  it('prints a table per cluster that names every service', async () => {
    const run = await runCliProcess(['services', '--ecs-endpoint', sandbox.ecsEndpoint]);
    expect(run.code).toBe(0);
    const [staging, production] = run.stdout.split(/\n\n/);
    for (const [block, clusterName] of [
      [staging, 'flarenet-staging'],
      [production, 'flarenet-production'],
    ] as const) {
      expect(block).toContain(`/ ${clusterName} — 9 services`);
      for (const name of serviceNames)
        expect(block).toMatch(
          new RegExp(
            `^ {2}${name} +✓ healthy +\\d+/\\d+/0 +${name}:\\d+ +v\\d+\\.\\d+\\.\\d+ +COMPLETED`,
            'm',
          ),
        );
    }
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('narrows to one cluster, reading a sandbox of its own when given no endpoint', async () => {
    const run = await runCliProcess(['services', '--cluster', 'flarenet-production']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/running on a FlareNet sandbox/);
    expect(run.stdout).toContain('production / flarenet-production');
    expect(run.stdout).not.toContain('flarenet-staging');
    for (const name of serviceNames) expect(run.stdout).toContain(name);
  });

  it('fails with one clear line when the endpoint cannot be reached', async () => {
    const run = await runCliProcess(['services', '--ecs-endpoint', 'http://127.0.0.1:1']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('Error: Cannot reach the ECS endpoint http://127.0.0.1:1 (ECONNREFUSED)\n');
  });

  it('refuses unknown flags with the usage, and explains itself with --help', async () => {
    const [unknown, help] = await Promise.all([
      runCliProcess(['services', '--bogus']),
      runCliProcess(['services', '--help']),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.split('\n')[0]).toBe('Unknown flag --bogus.');
    expect(unknown.stderr).toContain('Usage: flarenet services');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--ecs-endpoint <url>');
  });
});
