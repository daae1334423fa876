/**
 * The console's two monitors as the console host builds them, pointed at a sandbox in
 * another process: the bench measures whatever they do through their public entry points.
 */
import { ListClustersCommand } from '@aws-sdk/client-ecs';
import { sandboxRegion } from '../../shared/ipc/sandbox';
import { configFromCommandLine, type ConsoleConfig } from '../../electron/core/config/consoleConfig';
import { EcsClientFactory } from '../../electron/core/fleet/ecsClients';
import { FleetMonitor } from '../../electron/core/fleet/fleetMonitor';
import { fleetTargetsFromConfig } from '../../electron/core/fleet/fleetTargets';
import { LagMonitor } from '../../electron/core/kafka/lagMonitor';
import { MetricsClientFactory, metricsTargetsFromConfig } from '../../electron/core/metrics/metricsClients';
import { MetricsMonitor } from '../../electron/core/metrics/metricsMonitor';
import type { SandboxEndpoints } from './sandboxMessages';

export const benchKafkaCluster = 'bench-kafka';

export interface FleetUnderTest {
  monitor: FleetMonitor;
  close(): void;
}

export function fleetMonitorFor(endpoints: SandboxEndpoints): FleetUnderTest {
  const clients = new EcsClientFactory();
  const config = configFromCommandLine({ ecsEndpoint: endpoints.ecsEndpoint });
  const monitor = new FleetMonitor({ targets: fleetTargetsFromConfig(config, clients) });
  return {
    monitor,
    close: () => {
      monitor.stop();
      clients.destroyAll();
    },
  };
}

/**
 * One environment per cluster, as a console over many accounts is configured: the task
 * definitions its clusters share must still be described once, not once per environment.
 */
export async function fleetMonitorPerCluster(endpoints: SandboxEndpoints): Promise<FleetUnderTest> {
  const clients = new EcsClientFactory();
  const aws = { region: sandboxRegion, endpoint: endpoints.ecsEndpoint };
  const listed = await clients.clientFor(aws).send(new ListClustersCommand({}));
  const names = (listed.clusterArns ?? []).map((arn) => arn.slice(arn.lastIndexOf('/') + 1)).sort();
  const config: ConsoleConfig = {
    environments: names.map((name) => ({ name, aws, clusters: [name] })),
    pollIntervalMs: 5000,
    deploymentPollIntervalMs: 2000,
  };
  const monitor = new FleetMonitor({ targets: fleetTargetsFromConfig(config, clients) });
  return {
    monitor,
    close: () => {
      monitor.stop();
      clients.destroyAll();
    },
  };
}

/** The metrics monitor the console host builds over the fleet of one `fleetMonitorFor`. */
export function metricsMonitorFor(endpoints: SandboxEndpoints, fleet: FleetMonitor): MetricsUnderTest {
  const clients = new MetricsClientFactory();
  const config = configFromCommandLine({ ecsEndpoint: endpoints.ecsEndpoint });
  const monitor = new MetricsMonitor({ targets: metricsTargetsFromConfig(config, clients), fleet });
  return {
    monitor,
    close: () => {
      monitor.stop();
      clients.destroyAll();
    },
  };
}

export interface MetricsUnderTest {
  monitor: MetricsMonitor;
  close(): void;
}

export function lagMonitorFor(endpoints: SandboxEndpoints): LagMonitor {
  return new LagMonitor({ clusters: [{ name: benchKafkaCluster, brokers: [endpoints.kafkaBootstrap] }] });
}

/** Refreshes until the fleet shows every service of the sandbox: discovery first, then the first poll of each cluster. */
export async function untilFleetLoaded(fleet: FleetMonitor, services: number, attempts = 5): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    await fleet.refresh();
    const snapshot = fleet.snapshot();
    if (snapshot.services.length >= services && snapshot.clusters.every((cluster) => cluster.state === 'ok'))
      return;
  }
  const snapshot = fleet.snapshot();
  const failing = snapshot.clusters.find((cluster) => cluster.state !== 'ok');
  throw new Error(
    `the fleet monitor showed ${snapshot.services.length} of ${services} services after ${attempts} refreshes${failing?.error ? ` (${failing.clusterName}: ${failing.error.message})` : ''}`,
  );
}

/** Refreshes until every group has lag figures; the commit log reader catches up meanwhile. */
export async function untilLagLoaded(lag: LagMonitor, groups: number, attempts = 8): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    await lag.refresh();
    const snapshot = lag.snapshot();
    if (snapshot.groups.length >= groups && snapshot.clusters.every((cluster) => cluster.state === 'ok'))
      return;
  }
  const snapshot = lag.snapshot();
  const failing = snapshot.clusters.find((cluster) => cluster.state !== 'ok');
  throw new Error(
    `the lag monitor showed ${snapshot.groups.length} of ${groups} groups after ${attempts} refreshes${failing?.error ? ` (${failing.error.message})` : ''}`,
  );
}

/** This process's CPU time so far, in milliseconds: user and system. */
export function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

export interface RefreshCost {
  wallMs: number;
  cpuMs: number;
}

/** Wall time and this process's CPU of each refresh, one after the other. */
export async function timeRefreshes(refresh: () => Promise<void>, times: number): Promise<RefreshCost[]> {
  const costs: RefreshCost[] = [];
  for (let index = 0; index < times; index++) {
    const cpuBefore = cpuMs();
    const started = performance.now();
    await refresh();
    costs.push({ wallMs: performance.now() - started, cpuMs: cpuMs() - cpuBefore });
  }
  return costs;
}
