import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeServicesCommand,
  UpdateServiceCommand,
  type Deployment,
  type ECSClient,
  type Service,
} from '@aws-sdk/client-ecs';
import { sandboxConsoleConfig, type ConsoleConfig } from '../core/config/consoleConfig';
import { EcsClientFactory } from '../core/fleet/ecsClients';
import type { ActionClock } from '../core/actions/rolloutWatcher';
import { fastPace, type Sandbox } from '../sandbox/sandbox';
import { ManualClock, systemClock } from '../sandbox/sandboxClock';
import { startTestSandbox, type TestSandbox } from './sandboxTestHarness';
import {
  createActionServices,
  type ActionServices,
  type ActionServicesOptions,
} from '../core/actions/actionServices';

/**
 * For the actions tests: a sandbox on the real clock at the fast pace (a rollout takes about a
 * second), the action services pointed at it through the real SDK, and a fresh data folder.
 * With `manualClock` the sandbox runs on a manual clock at its usual pace and the console
 * reads the same clock: a watch's wait between polls moves simulated time, so minutes of
 * metrics and alarms pass in a moment and always the same way. With `kafka` the sandbox runs
 * its broker too, and the config names it as the production Kafka cluster.
 */

export interface ActionTestFleet {
  testSandbox: TestSandbox;
  /** The test's own client, for arranging the fleet and checking it. */
  ecs: ECSClient;
  config: ConsoleConfig;
  clients: EcsClientFactory;
  dataDir: string;
  services: ActionServices;
  /** Builds another ActionServices on the same sandbox and data folder (a restarted console). */
  restart(overrides?: Partial<ActionServicesOptions>): ActionServices;
  close(): Promise<void>;
}

export async function startActionTestFleet(
  overrides: Partial<ActionServicesOptions> & {
    configure?: (config: ConsoleConfig) => ConsoleConfig;
    manualClock?: boolean;
    kafka?: boolean;
  } = {},
): Promise<ActionTestFleet> {
  const { configure, manualClock, kafka, ...options } = overrides;
  const manual = manualClock ? new ManualClock() : null;
  const testSandbox = await startTestSandbox({
    ...(manual ? { clock: manual } : { clock: systemClock, pace: fastPace }),
    ...(kafka ? { kafkaPort: 0 } : {}),
  });
  const sandboxTime: Partial<ActionServicesOptions> = manual
    ? { now: () => manual.now(), clock: simulatedActionClock(testSandbox.sandbox, manual) }
    : {};
  const dataDir = await mkdtemp(join(tmpdir(), 'flarenet-actions-'));
  const base = sandboxConsoleConfig(
    testSandbox.sandbox.ecsEndpoint,
    kafka ? testSandbox.sandbox.kafkaBootstrap : undefined,
  );
  const config = configure ? configure(base) : base;
  const clients = new EcsClientFactory();
  const all: ActionServices[] = [];
  const build = (more: Partial<ActionServicesOptions> = {}) => {
    const services = createActionServices({
      config,
      clients,
      dataDir,
      log: () => {},
      readOnlyReason: null,
      pollIntervalMs: 50,
      rolloutTimeoutMs: 20_000,
      ...sandboxTime,
      ...options,
      ...more,
    });
    all.push(services);
    return services;
  };
  const services = build();
  return {
    testSandbox,
    ecs: testSandbox.ecs,
    config,
    clients,
    dataDir,
    services,
    restart: build,
    close: async () => {
      for (const running of all) await running.close();
      clients.destroyAll();
      await testSandbox.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function describeOne(ecs: ECSClient, cluster: string, service: string): Promise<Service> {
  const answer = await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }));
  const found = answer.services?.[0];
  if (!found) throw new Error(`No service ${service} in ${cluster}.`);
  return found;
}

export function primaryDeployment(service: Service): Deployment {
  const primary = service.deployments?.find((deployment) => deployment.status === 'PRIMARY');
  if (!primary) throw new Error(`${service.serviceName} has no PRIMARY deployment.`);
  return primary;
}

/** Polls DescribeServices until `done` holds; the sandbox moves on the real clock meanwhile. */
export async function waitForService(
  ecs: ECSClient,
  cluster: string,
  service: string,
  done: (service: Service) => boolean,
  timeoutMs = 15_000,
): Promise<Service> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const described = await describeOne(ecs, cluster, service);
    if (done(described)) return described;
    if (Date.now() > deadline)
      throw new Error(
        `${service} did not reach the expected state: ${JSON.stringify(described.deployments)}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
}

export const isSettledOn =
  (taskDefinitionArn: string | undefined) =>
  (service: Service): boolean => {
    const primary = service.deployments?.find((deployment) => deployment.status === 'PRIMARY');
    return (
      primary !== undefined &&
      primary.taskDefinition === taskDefinitionArn &&
      primary.rolloutState === 'COMPLETED' &&
      (service.deployments?.length ?? 0) === 1
    );
  };

/** So a bad deploy keeps going until someone rolls it back. */
export async function disableCircuitBreaker(ecs: ECSClient, cluster: string, service: string): Promise<void> {
  await ecs.send(
    new UpdateServiceCommand({
      cluster,
      service,
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: false, rollback: false } },
    }),
  );
}

/** A watch's clock on the sandbox's manual clock: waiting between polls moves the fleet on. */
function simulatedActionClock(sandbox: Sandbox, clock: ManualClock): ActionClock {
  return {
    now: () => clock.now(),
    sleep: async (ms, signal) => {
      if (signal.aborted) return;
      sandbox.advance(ms);
      // Lets the SDK's sockets and other watches run between polls, as a real wait would.
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}
