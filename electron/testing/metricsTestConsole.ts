import { configFromCommandLine, sandboxConsoleConfig } from '../core/config/consoleConfig';
import { EcsClientFactory } from '../core/fleet/ecsClients';
import { FleetMonitor } from '../core/fleet/fleetMonitor';
import { fleetTargetsFromConfig } from '../core/fleet/fleetTargets';
import { MetricsClientFactory, metricsTargetsFromConfig } from '../core/metrics/metricsClients';
import { MetricsMonitor, type MetricsTarget } from '../core/metrics/metricsMonitor';
import { startTestSandbox, type TestSandbox } from './sandboxTestHarness';

/**
 * The console's fleet monitor on a sandbox (manual clock, no Kafka traffic), read twice so
 * every service is known, and metrics monitors over it built as the console builds them.
 * Whatever it starts is handed to `defer` to be closed after the test, last first.
 */
export interface MetricsTestConsole {
  harness: TestSandbox;
  fleet: FleetMonitor;
  metricsClients: MetricsClientFactory;
  /** The configured environments' targets: staging and production, or one discovered environment at another size. */
  targets: MetricsTarget[];
  monitorOf: (targets?: MetricsTarget[]) => MetricsMonitor;
}

export async function startMetricsTestConsole(
  defer: (cleanup: () => Promise<void> | void) => void,
  options: { fleet?: { clusters: number; servicesPerCluster: number } } = {},
): Promise<MetricsTestConsole> {
  const harness = await startTestSandbox({ kafka: { traffic: false }, ...options });
  defer(() => harness.close());
  // Half a minute past the minute, so the current minute is unfinished, as it usually is.
  harness.sandbox.advance(30_500);
  const config = options.fleet
    ? configFromCommandLine({ ecsEndpoint: harness.sandbox.ecsEndpoint })
    : sandboxConsoleConfig(harness.sandbox.ecsEndpoint);
  const ecsClients = new EcsClientFactory();
  const fleet = new FleetMonitor({
    targets: fleetTargetsFromConfig(config, ecsClients),
    now: () => harness.clock.now(),
  });
  const metricsClients = new MetricsClientFactory();
  defer(() => ecsClients.destroyAll());
  defer(() => fleet.stop());
  defer(() => metricsClients.destroyAll());
  await fleet.refresh();
  await fleet.refresh();
  const targets = metricsTargetsFromConfig(config, metricsClients);
  return {
    harness,
    fleet,
    metricsClients,
    targets,
    monitorOf: (chosen = targets) => {
      const monitor = new MetricsMonitor({ targets: chosen, fleet, now: () => harness.clock.now() });
      defer(() => monitor.stop());
      return monitor;
    },
  };
}
