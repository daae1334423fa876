import type { ConsoleConfig } from '../config/consoleConfig';
import { describeEcsTarget, type EcsClientFactory } from './ecsClients';
import type { FleetTarget } from './fleetMonitor';

/** One monitor target per configured environment, sharing clients where environments share an account. */
export function fleetTargetsFromConfig(config: ConsoleConfig, clients: EcsClientFactory): FleetTarget[] {
  return config.environments.map((environment) => ({
    environment: environment.name,
    ...(environment.clusters ? { clusters: environment.clusters } : {}),
    client: clients.clientFor(environment.aws),
    description: describeEcsTarget(environment.aws),
  }));
}
