import type { ServiceTags } from '../../../shared/topology/serviceTags';
import type { ConsoleConfig } from '../config/consoleConfig';
import { LagMonitor } from './lagMonitor';
import { openSecretStore, type SecretStore, type StringEncryption } from './secretStore';
import type { OsKeychain } from './osKeychain';
import { TopicTails } from './topicTailSessions';

/**
 * The Kafka side of the console core: the secret store, the lag monitor (started) and the
 * topic tails, built from the config's `kafka` clusters. With no clusters configured both
 * still exist and simply report none.
 */

export interface KafkaServicesOptions {
  config: ConsoleConfig | null;
  /** The console's data folder (secrets live in its `secrets/` folder). */
  dataDir: string;
  log: (line: string) => void;
  /** The ECS service names of the fleet, for finding the service a group belongs to. */
  knownServices: () => readonly string[];
  /** The services' `flarenet:` tags by service name, for the groups a service says it owns. */
  serviceTags?: () => ReadonlyMap<string, ServiceTags>;
  /** Electron's safeStorage in the desktop app; absent in the console host and the CLI. */
  encryption?: StringEncryption;
  /** The OS keychain (see osKeychain.ts); absent in tests, which never touch a user's keychain. */
  keychain?: () => Promise<OsKeychain>;
}

export interface KafkaServices {
  lagMonitor: LagMonitor;
  tails: TopicTails;
  secrets: SecretStore;
  /** Stops the tails (deleting their groups) and the monitor, and disconnects every client. */
  close(): Promise<void>;
}

export function createKafkaServices(options: KafkaServicesOptions): KafkaServices {
  const clusters = options.config?.kafka ?? [];
  const secrets = openSecretStore({
    dataDir: options.dataDir,
    ...(options.encryption ? { encryption: options.encryption } : {}),
    ...(options.keychain ? { keychain: options.keychain } : {}),
    log: options.log,
  });
  const connection = { secrets };
  const topologyOwners = options.config?.topology?.groupOwners;
  const lagMonitor = new LagMonitor({
    clusters,
    connection,
    knownServices: options.knownServices,
    ...(options.serviceTags ? { serviceTags: options.serviceTags } : {}),
    // The owners the topology config names, so the lag view and the topology agree.
    ...(topologyOwners ? { groupOwners: topologyOwners } : {}),
    onError: (error) =>
      options.log(`Kafka lag monitor: ${error instanceof Error ? error.message : String(error)}`),
  });
  const tails = new TopicTails({
    clusters,
    // kafkajs' own warnings about a tail's consumer (rebalances, crashes) are worth a log line.
    connection: { secrets, log: options.log },
    log: options.log,
  });
  lagMonitor.start();
  return {
    lagMonitor,
    tails,
    secrets,
    close: async () => {
      await tails.closeAll();
      await lagMonitor.stop();
    },
  };
}
