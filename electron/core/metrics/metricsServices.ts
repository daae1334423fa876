import type { ConsoleConfig } from '../config/consoleConfig';
import type { IpcRouter } from '../ipc/router';
import { MetricsClientFactory, metricsTargetsFromConfig } from './metricsClients';
import { registerMetricsHandlers } from './metricsHandlers';
import { type FleetSource, MetricsMonitor } from './metricsMonitor';

export interface MetricsServices {
  monitor: MetricsMonitor;
  /** The console's sandbox was rebuilt at another size: read its environments from now on. */
  useConfig(config: ConsoleConfig): void;
  close(): void;
}

/** The metrics monitor of the console's environments, started, with its channels registered. */
export function startMetricsServices(
  router: IpcRouter,
  options: { config: ConsoleConfig | null; fleet: FleetSource; log: (line: string) => void },
): MetricsServices {
  const clients = new MetricsClientFactory();
  const monitor = new MetricsMonitor({
    targets: options.config ? metricsTargetsFromConfig(options.config, clients) : [],
    fleet: options.fleet,
    onError: (error) =>
      options.log(`Metrics monitor: ${error instanceof Error ? error.message : String(error)}`),
  });
  registerMetricsHandlers(router, monitor);
  monitor.start();
  return {
    monitor,
    useConfig: (config) => monitor.watch(metricsTargetsFromConfig(config, clients)),
    close: () => {
      monitor.stop();
      clients.destroyAll();
    },
  };
}
