import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFleetPatch } from '../../../shared/fleet/fleetDelta';
import type { FleetSnapshot, FleetStreamEvent } from '../../../shared/fleet/fleetModel';
import { actionsPolicy } from '../../../shared/ipc/actions';
import { appGetInfo, appInfoChanges, type AppInfo } from '../../../shared/ipc/app';
import { ConsoleClient } from '../../../shared/ipc/client';
import { fleetRefresh, fleetUpdates } from '../../../shared/ipc/fleet';
import { kafkaLagUpdates } from '../../../shared/ipc/kafka';
import type { LagSnapshot } from '../../../shared/kafka/kafkaModel';
import { applyLagPatch } from '../../../shared/kafka/lagDelta';
import { logsSearch } from '../../../shared/ipc/logs';
import { sandboxRunScenario } from '../../../shared/ipc/sandbox';
import { createMemoryTransport } from '../../testing/memoryTransport';
import { startCoreOnSandbox, type CoreOnSandbox } from '../../testing/coreOnSandbox';
import { startSandbox } from '../../testing/sandboxTestHarness';
import { startConsoleCore, type ConsoleCore } from './consoleCore';

/**
 * The console on its own sandbox, rebuilt at another size while it runs: from the Sandbox
 * menu (the contract) and from a command line (the sandbox's control endpoint). The real
 * sandbox answers over HTTP and the Kafka protocol; the core reads it with the AWS SDK and
 * its Kafka client, and a client follows it over the contract as a page does.
 */

let onSandbox: CoreOnSandbox;
let core: ConsoleCore;
let client: ConsoleClient;
const infoEvents: AppInfo[] = [];
const fleetEvents: FleetStreamEvent[] = [];
let fleet: FleetSnapshot | null = null;
const stops: (() => void)[] = [];

/** The console host's token, which the console's own sandbox asks of a command line. */
const controlToken = 'rescale-test-token';

beforeAll(async () => {
  onSandbox = await startCoreOnSandbox({ seed: 23, allowActionsOnSandbox: true, sandbox: { controlToken } });
  ({ core, client } = onSandbox);
  stops.push(
    client.subscribe(appInfoChanges, {}, (info) => infoEvents.push(info)),
    client.subscribe(fleetUpdates, {}, (event) => {
      fleetEvents.push(event);
      fleet = followFleet(fleet, event);
    }),
  );
  await client.request(fleetRefresh, {});
});

afterAll(async () => {
  for (const stop of stops) stop();
  await onSandbox?.close();
});

/** What a subscriber holds after each event: small fleets here, so a snapshot comes in one piece. */
function followFleet(held: FleetSnapshot | null, event: FleetStreamEvent): FleetSnapshot | null {
  if (event.type === 'snapshot') return event.snapshot;
  if (event.type === 'delta' && held) return applyFleetPatch(held, event.delta);
  if (event.type === 'more' && held) return { ...held, services: [...held.services, ...event.items] };
  return held;
}

/** Resolves once `condition` holds, checked on every turn of the event loop. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

function clustersOf(snapshot: FleetSnapshot | null): string[] {
  return (snapshot?.clusters ?? []).map((cluster) => `${cluster.environment}/${cluster.clusterName}`);
}

function servicesPerCluster(snapshot: FleetSnapshot | null): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const service of snapshot?.services ?? [])
    counts[service.clusterName] = (counts[service.clusterName] ?? 0) + 1;
  return counts;
}

function environmentsOf(info: AppInfo | undefined): [string, string[]][] {
  return (info?.environments ?? []).map((environment) => [environment.name, environment.clusters]);
}

describe('a console whose own sandbox is rebuilt at another size', () => {
  it('starts watching the demo’s two clusters', async () => {
    expect(clustersOf(fleet)).toEqual(['staging/flarenet-staging', 'production/flarenet-production']);
    expect(environmentsOf(await client.request(appGetInfo, {}))).toEqual([
      ['staging', ['flarenet-staging']],
      ['production', ['flarenet-production']],
    ]);
    // The first event of the info stream is the info as it is.
    expect(infoEvents).toHaveLength(1);
    expect(environmentsOf(infoEvents[0])).toEqual([
      ['staging', ['flarenet-staging']],
      ['production', ['flarenet-production']],
    ]);
  });

  it('watches every cluster of a fleet rebuilt larger from the Sandbox menu, and tells its pages', async () => {
    const result = await client.request(sandboxRunScenario, {
      kind: 'scale',
      clusters: 3,
      servicesPerCluster: 4,
      groups: 8,
    });
    expect(result.summary).toMatch(/^Rebuilt the fleet: 3 clusters × 4 services \(12 services/);
    expect(result.summary).not.toMatch(/restart/i);

    const rescaled: [string, string[]][] = [
      ['staging', ['flarenet-staging']],
      ['production', ['flarenet-production']],
      ['bench', ['flarenet-bench-3']],
    ];
    await until(() => infoEvents.length === 2);
    expect(environmentsOf(infoEvents[1])).toEqual(rescaled);
    expect(environmentsOf(await client.request(appGetInfo, {}))).toEqual(rescaled);
    expect(environmentsOf(core.info)).toEqual(rescaled);

    await client.request(fleetRefresh, {});
    await until(() => Object.keys(servicesPerCluster(fleet)).length === 3);
    expect(clustersOf(fleet)).toEqual([
      'staging/flarenet-staging',
      'production/flarenet-production',
      'bench/flarenet-bench-3',
    ]);
    expect(servicesPerCluster(fleet)).toEqual({
      'flarenet-staging': 4,
      'flarenet-production': 4,
      'flarenet-bench-3': 4,
    });
    expect(fleet!.clusters.every((cluster) => cluster.state === 'ok')).toBe(true);
  });

  it('lets actions, logs and consumer lag reach what the rebuilt fleet has', async () => {
    const policy = await client.request(actionsPolicy, {});
    expect(policy.environments.map((environment) => [environment.name, environment.clusters])).toEqual([
      ['staging', ['flarenet-staging']],
      ['production', ['flarenet-production']],
      ['bench', ['flarenet-bench-3']],
    ]);

    const benchService = fleet!.services.find((service) => service.clusterName === 'flarenet-bench-3')!;
    const now = Date.now();
    const logs = await client.request(logsSearch, {
      cluster: 'flarenet-bench-3',
      service: benchService.serviceName,
      startTime: now - 10 * 60_000,
      endTime: now,
      limit: 10,
    });
    expect(logs.source.taskDefinitionArn).toBe(benchService.taskDefinitionArn);

    // Groups beyond the demo's five are new to the lag monitor, which lists groups every refresh.
    const groupIds = await new Promise<string[]>((resolve) => {
      let lag: LagSnapshot | null = null;
      const stop = client.subscribe(kafkaLagUpdates, {}, (event) => {
        if (event.type === 'snapshot') lag = event.snapshot;
        else if (event.type === 'delta' && lag) lag = applyLagPatch(lag, event.delta);
        else if (event.type === 'more' && lag) lag = { ...lag, groups: [...lag.groups, ...event.items] };
        const ids = (lag?.groups ?? []).map((group) => group.groupId);
        if (ids.length < 8) return;
        stop();
        resolve(ids);
      });
      stops.push(stop);
    });
    expect(groupIds).toHaveLength(8);
    expect(groupIds.filter((groupId) => groupId.includes('-bench-')).length).toBeGreaterThan(0);
  });

  it('drops the clusters a fleet rebuilt smaller from a command line no longer has', async () => {
    const endpoint = core.info.sandboxEndpoints!.ecs;
    const snapshotsBefore = fleetEvents.filter((event) => event.type === 'snapshot').length;
    const response = await fetch(`${endpoint}/_sandbox/scenario`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${controlToken}` },
      body: JSON.stringify({ kind: 'scale', clusters: 1, servicesPerCluster: 6 }),
    });
    expect(response.status, await response.clone().text()).toBe(200);

    await until(() => infoEvents.length === 3);
    expect(environmentsOf(infoEvents[2])).toEqual([['production', ['flarenet-production']]]);
    // A delta cannot say a cluster is gone: subscribers get the whole fleet again.
    await until(() => fleetEvents.filter((event) => event.type === 'snapshot').length > snapshotsBefore);
    expect(clustersOf(fleet)).toEqual(['production/flarenet-production']);

    await client.request(fleetRefresh, {});
    await until(() => servicesPerCluster(fleet)['flarenet-production'] === 6);
    expect(servicesPerCluster(fleet)).toEqual({ 'flarenet-production': 6 });
    const policy = await client.request(actionsPolicy, {});
    expect(policy.environments.map((environment) => environment.name)).toEqual(['production']);
  });
});

describe('a console on a sandbox named by a config file', () => {
  it('keeps the clusters the config names when that sandbox is rebuilt', async () => {
    const sandbox = await startSandbox({
      host: '127.0.0.1',
      ecsPort: 0,
      kafkaPort: 0,
      seed: 29,
      lively: false,
    });
    const folder = await mkdtemp(join(tmpdir(), 'flarenet-rescale-named-'));
    const configPath = join(folder, 'config.json');
    const aws = { region: 'us-east-1', endpoint: sandbox.ecsEndpoint };
    await writeFile(
      configPath,
      JSON.stringify({
        environments: [
          { name: 'staging', aws, clusters: ['flarenet-staging'] },
          { name: 'production', aws, clusters: ['flarenet-production'] },
        ],
      }),
    );
    const named = await startConsoleCore({
      shell: 'browser',
      dataDir: folder,
      configPath,
      env: {},
      version: '0.0.0-test',
      readOnlyReason: null,
      startSandbox: () => Promise.reject(new Error('a console with a config starts no sandbox')),
      log: () => undefined,
    });
    const memory = createMemoryTransport(named.router);
    const namedClient = new ConsoleClient(memory.transport);
    const infos: AppInfo[] = [];
    let held: FleetSnapshot | null = null;
    const stopInfo = namedClient.subscribe(appInfoChanges, {}, (info) => infos.push(info));
    const stopFleet = namedClient.subscribe(fleetUpdates, {}, (event) => {
      held = followFleet(held, event);
    });
    try {
      await namedClient.request(fleetRefresh, {});
      await sandbox.runScenario({ kind: 'scale', clusters: 3, servicesPerCluster: 4 });
      await namedClient.request(fleetRefresh, {});
      await until(() => infos.length > 0 && servicesPerCluster(held)['flarenet-production'] !== undefined);

      expect(infos).toHaveLength(1);
      expect(environmentsOf(named.info)).toEqual([
        ['staging', ['flarenet-staging']],
        ['production', ['flarenet-production']],
      ]);
      expect(clustersOf(held)).toEqual(['staging/flarenet-staging', 'production/flarenet-production']);
    } finally {
      stopInfo();
      stopFleet();
      memory.close();
      await named.close();
      await sandbox.close();
      await rm(folder, { recursive: true, force: true });
    }
  });
});
