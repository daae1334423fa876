import type { MetricsSnapshot } from '../../shared/metrics/metricsModel';
import type { ConsoleConfig } from '../core/config/consoleConfig';
import { MetricsClientFactory, metricsTargetsFromConfig } from '../core/metrics/metricsClients';
import { MetricsMonitor, type FleetSource } from '../core/metrics/metricsMonitor';

/**
 * The metrics monitor `cli overview` and `cli topology` read, built as the console builds its
 * own: one round of CloudWatch calls per `refresh()` (GetMetricData at its 500-query batch,
 * with the alarms), so a command's figures are the figures the app shows.
 */
export interface CommandMetricsMonitor {
  monitor: MetricsMonitor;
  /** Stops the monitor and destroys its clients. */
  close(): void;
}

export function openCommandMetricsMonitor(options: {
  config: ConsoleConfig;
  fleet: FleetSource;
  now?: () => number;
}): CommandMetricsMonitor {
  const clients = new MetricsClientFactory();
  const monitor = new MetricsMonitor({
    targets: metricsTargetsFromConfig(options.config, clients),
    fleet: options.fleet,
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    monitor,
    close: () => {
      monitor.stop();
      clients.destroyAll();
    },
  };
}

/**
 * "production CloudWatch: …" for each environment (of those shown) whose CloudWatch did not
 * answer its last read.
 */
export function metricsWarnings(
  snapshot: MetricsSnapshot,
  shown: (environment: string) => boolean = () => true,
): string[] {
  return snapshot.environments
    .filter((group) => group.state !== 'ok' && shown(group.environment))
    .map((group) => `${group.environment} CloudWatch: ${group.error?.message ?? 'no answer'}`);
}
