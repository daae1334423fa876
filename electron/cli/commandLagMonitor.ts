import type { ServiceTags } from '../../shared/topology/serviceTags';
import { defaultEvaluatorOptions } from '../../shared/kafka/burrowEvaluator';
import { defaultDataDirectory } from '../core/app/dataDirectory';
import type { KafkaClusterConfig } from '../core/config/consoleConfig';
import { LagMonitor } from '../core/kafka/lagMonitor';
import { openSecretStore } from '../core/kafka/secretStore';
import { keychainFromEnvironment } from '../core/kafka/osKeychain';
import type { CliIo } from './cliCommand';

/**
 * Rates and trend from a few seconds of samples, and a window of five refreshes: short
 * spans, as a command cannot wait the minute the console takes.
 */
const commandTracker = {
  evaluator: { ...defaultEvaluatorOptions, intervals: 5 },
  rates: { windowMs: 60_000, minimumSamples: 3, minimumSpanMs: 1500 },
  trend: {
    windowMs: 60_000,
    minimumSamples: 3,
    minimumSpanMs: 1500,
    deadBandShareOfProduceRate: 0.1,
    deadBandFloor: 0.05,
  },
};

/** The lag monitor `cli lag` and `cli topology` read, with the console's secret store for SASL passwords. */
export function openCommandLagMonitor(options: {
  clusters: readonly KafkaClusterConfig[];
  knownServices: () => readonly string[];
  /** The services' `flarenet:` tags by name, for the groups a service says it owns. */
  serviceTags?: () => ReadonlyMap<string, ServiceTags>;
  /** Group owners the topology spec names, which win over the naming convention. */
  groupOwners?: Readonly<Record<string, string>>;
  refreshIntervalMs: number;
  io: CliIo;
}): LagMonitor {
  const { io } = options;
  return new LagMonitor({
    clusters: options.clusters,
    connection: {
      secrets: openSecretStore({
        dataDir: defaultDataDirectory(io.env),
        keychain: keychainFromEnvironment(io.env),
        log: (line) => io.err(line),
      }),
    },
    knownServices: options.knownServices,
    ...(options.groupOwners ? { groupOwners: options.groupOwners } : {}),
    ...(options.serviceTags ? { serviceTags: options.serviceTags } : {}),
    refreshIntervalMs: options.refreshIntervalMs,
    tracker: commandTracker,
  });
}
