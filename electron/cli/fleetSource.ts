import {
  configFromCommandLine,
  loadConsoleConfig,
  sandboxConsoleConfig,
  type ConsoleConfig,
} from '../core/config/consoleConfig';
import { ConsoleError } from '../core/ipc/consoleError';
import { textFlag, type CliCommand, type FlagValues } from './cliCommand';

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
  close(): Promise<void>;
}

export async function openFleetSource(flags: FleetSourceFlags, env: NodeJS.ProcessEnv): Promise<FleetSource> {
  if (flags.ecsEndpoint || flags.profile || flags.region) {
    return { config: configFromCommandLine({ ...flags, env }), description: null, close: async () => {} };
  }

  const configPath = flags.config ?? env.FLARENET_CONFIG;
  if (configPath) {
    const config = await loadConsoleConfig({ path: configPath });
    if (!config) throw new ConsoleError('NOT_FOUND', `No console config at ${configPath}.`);
    return {
      config: onlyCluster(config, flags.cluster),
      description: `Reading the environments of ${configPath}.`,
      close: async () => {},
    };
  }

  const { startSandbox } = await import('../sandbox/sandbox');
  const sandbox = await startSandbox({ host: '127.0.0.1', ecsPort: 0 });
  return {
    config: onlyCluster(sandboxConsoleConfig(sandbox.ecsEndpoint), flags.cluster),
    description: `No endpoint, profile or config given: reading a FlareNet sandbox started for this command (${sandbox.ecsEndpoint}).`,
    close: () => sandbox.close(),
  };
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
