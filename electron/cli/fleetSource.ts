import type { FleetSnapshot } from '../../shared/fleet/fleetModel';
import { defaultDataDirectory } from '../core/app/dataDirectory';
import type { ConsoleConfig } from '../core/config/consoleConfig';
import { openConsoleSource } from '../core/config/consoleSource';
import { ConsoleError } from '../core/ipc/consoleError';
import { textFlag, type CliCommand, type CliIo, type FlagValues } from './cliCommand';

/**
 * Where a CLI command reads the fleet from: an endpoint or AWS account named by flags, a
 * config file, or — with neither — a sandbox started in this process for the one command.
 */

export interface FleetSourceFlags {
  ecsEndpoint?: string;
  profile?: string;
  region?: string;
  cluster?: string;
  config?: string;
}

/** The flags that name a fleet source, for a command's option table. */
export const fleetSourceOptions = {
  'ecs-endpoint': { type: 'string' },
  profile: { type: 'string' },
  region: { type: 'string' },
  config: { type: 'string' },
} satisfies CliCommand['options'];

/** The source flags as given; `cluster` is the command's own (a flag, or an action's target). */
export function fleetSourceFlags(values: FlagValues, cluster: string | undefined): FleetSourceFlags {
  return {
    ecsEndpoint: textFlag(values, 'ecs-endpoint'),
    profile: textFlag(values, 'profile'),
    region: textFlag(values, 'region'),
    cluster,
    config: textFlag(values, 'config'),
  };
}

export interface FleetSource {
  config: ConsoleConfig;
  /** In words, for a note on stderr when the source was not named on the command line; null when it was. */
  description: string | null;
  /** A sandbox was started for this command. */
  onSandbox: boolean;
  close(): Promise<void>;
}

/** The command's source, by the rules every entry point shares (see consoleSource.ts). */
export async function openFleetSource(
  flags: FleetSourceFlags,
  io: Pick<CliIo, 'env' | 'startSandbox'>,
): Promise<FleetSource> {
  const { ecsEndpoint, profile, region, cluster, config } = flags;
  const source = await openConsoleSource({
    flags: { ecsEndpoint, profile, region, cluster, config },
    env: io.env,
    dataDir: defaultDataDirectory(io.env),
    startSandbox: io.startSandbox,
    sandbox: { ecsPort: 0, kafkaPort: 0 },
  });
  try {
    return {
      config: source.kind === 'command-line' ? source.config : onlyCluster(source.config, flags.cluster),
      description: source.kind === 'command-line' ? null : source.description,
      onSandbox: source.kind === 'sandbox',
      close: () => source.close(),
    };
  } catch (error) {
    await source.close();
    throw error;
  }
}

/**
 * Narrows listed clusters to the one asked for; environments that discover their clusters
 * keep discovering, and the command filters what they find.
 */
function onlyCluster(config: ConsoleConfig, cluster: string | undefined): ConsoleConfig {
  if (!cluster) return config;
  const environments = config.environments
    .map((environment) =>
      environment.clusters
        ? {
            ...environment,
            clusters: environment.clusters.filter((c) => c === cluster || c.endsWith(`/${cluster}`)),
          }
        : environment,
    )
    .filter((environment) => !environment.clusters || environment.clusters.length > 0);
  if (environments.length === 0) {
    const known = config.environments.flatMap((e) => e.clusters ?? []);
    throw new ConsoleError(
      'NOT_FOUND',
      `No cluster named ${cluster}${known.length > 0 ? ` (known: ${known.join(', ')})` : ''}.`,
    );
  }
  return { ...config, environments };
}

/** The snapshot narrowed to the cluster asked for, or a NOT_FOUND naming the clusters there are. */
export function snapshotOfCluster(snapshot: FleetSnapshot, cluster: string | undefined): FleetSnapshot {
  if (!cluster) return snapshot;
  const matches = (name: string) => name === cluster;
  const clusters = snapshot.clusters.filter(
    (c) => matches(c.clusterName) || c.clusterArn?.endsWith(`/${cluster}`),
  );
  if (clusters.length === 0) {
    const known = snapshot.clusters.map((c) => c.clusterName).join(', ');
    throw new ConsoleError('NOT_FOUND', `No cluster named ${cluster}${known ? ` (found: ${known})` : ''}.`);
  }
  return {
    ...snapshot,
    clusters,
    services: snapshot.services.filter((s) =>
      clusters.some((c) => c.environment === s.environment && c.clusterName === s.clusterName),
    ),
  };
}

/**
 * Why no cluster answered, when none did and nothing is known of the fleet: one line that says
 * why is more use than empty tables. Null when any answered.
 */
export function nothingAnswered(snapshot: FleetSnapshot): string | null {
  const failing = snapshot.clusters.filter((c) => c.state !== 'ok');
  if (snapshot.clusters.length === 0 || failing.length < snapshot.clusters.length) return null;
  if (snapshot.services.length > 0) return null;
  return [...new Set(failing.map((c) => c.error?.message ?? `${c.clusterName} did not answer`))].join('; ');
}
