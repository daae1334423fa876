import { randomBytes } from 'node:crypto';
import type { SandboxScenario, SandboxScenarioResult } from '../../../shared/ipc/sandbox';
import { ConsoleError } from '../ipc/consoleError';
import {
  configFromCommandLine,
  consoleConfigPath,
  kafkaClusterFromCommandLine,
  loadConsoleConfig,
  sandboxConsoleConfig,
  type ConsoleConfig,
} from './consoleConfig';

/**
 * Where the console reads its fleet from, decided in one place for every entry point (the
 * Electron app, the console host and the CLI), with the same rules and the same words:
 *
 * 1. flags that name an ECS endpoint, an AWS profile or region, or Kafka brokers;
 * 2. a config file named with `--config` or FLARENET_CONFIG, which must exist and be valid:
 *    a source the user named that cannot be used is an error, never a fallback;
 * 3. `config.json` in the data folder, when there is one;
 * 4. otherwise the sandbox, started through the factory the entry point passes in, so the
 *    core never loads the simulator itself.
 */

/** What the core needs of a running sandbox. */
export interface SandboxHandle {
  readonly ecsEndpoint: string;
  readonly kafkaBootstrap: string;
  runScenario(scenario: SandboxScenario): Promise<SandboxScenarioResult>;
  /** The sandbox's ECS clusters now; without it the console watches the demo's two. */
  clusterNames?(): string[];
  /** Tells when a scale scenario replaced the fleet; without it the console keeps the clusters it opened with. */
  onFleetRebuilt?(listener: () => void): () => void;
  close(): Promise<void>;
}

export interface SandboxStartOptions {
  host?: string;
  seed?: number;
  ecsPort?: number;
  kafkaPort?: number;
  /** What the sandbox's controls ask of a caller (see SandboxOptions.controlToken). */
  controlToken?: string;
}

export type StartSandbox = (options: SandboxStartOptions) => Promise<SandboxHandle>;

export interface SourceFlags {
  ecsEndpoint?: string;
  profile?: string;
  region?: string;
  /** The one cluster a command is about, when the command line names an endpoint or account. */
  cluster?: string;
  /** Kafka bootstrap servers, comma-separated. */
  brokers?: string;
  /** A config file named on the command line. */
  config?: string;
}

export interface SourceRequest {
  flags: SourceFlags;
  env: NodeJS.ProcessEnv;
  /** The data folder whose config.json is used when nothing else is named; none: skip that step. */
  dataDir?: string;
  startSandbox: StartSandbox;
  sandbox?: SandboxStartOptions;
}

export type ConsoleSourceKind = 'command-line' | 'config' | 'sandbox';

export interface ConsoleSource {
  kind: ConsoleSourceKind;
  /** Environments may be empty when the command line names only Kafka brokers. */
  config: ConsoleConfig;
  /** The file the config came from, for kind 'config'. */
  configPath: string | null;
  /** The sandbox started for this source, for kind 'sandbox'. */
  sandbox: SandboxHandle | null;
  /** In words, for a note or a log line: where the data comes from. */
  description: string;
  /**
   * Calls `listener` with the config as it is now each time the fleet behind it was rebuilt:
   * the console's own sandbox, rescaled. Nothing else changes under a running console: an
   * AWS account, a config file and a sandbox named by URL keep the config they opened with.
   */
  followConfig(listener: (config: ConsoleConfig) => void): () => void;
  close(): Promise<void>;
}

const nothing = async () => {};
/** Following a config that cannot change: nothing will be called, nothing to stop. */
const configNeverChanges = (): (() => void) => () => {};

export async function openConsoleSource(request: SourceRequest): Promise<ConsoleSource> {
  const { flags, env } = request;
  if (flags.ecsEndpoint || flags.profile || flags.region || flags.brokers) {
    const config = commandLineConfig(flags, env);
    return {
      kind: 'command-line',
      config,
      configPath: null,
      sandbox: null,
      description: describeCommandLine(flags),
      followConfig: configNeverChanges,
      close: nothing,
    };
  }

  const namedPath = nonBlank(flags.config) ?? nonBlank(env.FLARENET_CONFIG);
  if (namedPath) {
    const config = await loadConsoleConfig({ path: namedPath });
    if (!config) {
      throw new ConsoleError(
        'VALIDATION',
        `The console config ${namedPath} does not exist (named by ${flags.config ? '--config' : 'FLARENET_CONFIG'}).`,
      );
    }
    return fromFile(config, namedPath);
  }

  if (request.dataDir !== undefined) {
    const path = consoleConfigPath({ dataDir: request.dataDir });
    const config = await loadConsoleConfig({ path });
    if (config) return fromFile(config, path);
  }

  // The console's own sandbox: its controls answer the console (through the core) and those
  // given the token, never another local user driving it.
  const sandbox = await request.startSandbox({
    host: '127.0.0.1',
    ...request.sandbox,
    controlToken: request.sandbox?.controlToken ?? randomBytes(24).toString('base64url'),
  });
  return {
    kind: 'sandbox',
    config: sandboxSourceConfig(sandbox),
    configPath: null,
    sandbox,
    description: `No endpoint, profile or config given: running on a FlareNet sandbox (ECS endpoint ${sandbox.ecsEndpoint}, Kafka ${sandbox.kafkaBootstrap}).`,
    followConfig: (listener) =>
      sandbox.onFleetRebuilt?.(() => listener(sandboxSourceConfig(sandbox))) ?? configNeverChanges(),
    close: () => sandbox.close(),
  };
}

/** The environment of the clusters a sandbox built past its staging and production ones. */
const sandboxBenchEnvironment = 'bench';

/**
 * Every cluster the sandbox has: staging and production as the demo names them, and the
 * clusters of a larger fleet in one more environment. A cluster the sandbox does not have
 * is left out rather than shown as failing.
 */
function sandboxSourceConfig(sandbox: SandboxHandle): ConsoleConfig {
  const demo = sandboxConsoleConfig(sandbox.ecsEndpoint, sandbox.kafkaBootstrap);
  if (!sandbox.clusterNames) return demo;
  const present = sandbox.clusterNames();
  const named = new Set(demo.environments.flatMap((environment) => environment.clusters ?? []));
  const environments = demo.environments
    .map((environment) => ({
      ...environment,
      clusters: (environment.clusters ?? []).filter((cluster) => present.includes(cluster)),
    }))
    .filter((environment) => environment.clusters.length > 0);
  const others = present.filter((cluster) => !named.has(cluster));
  if (others.length > 0)
    environments.push({ name: sandboxBenchEnvironment, aws: demo.environments[0]!.aws, clusters: others });
  return { ...demo, environments };
}

function fromFile(config: ConsoleConfig, path: string): ConsoleSource {
  return {
    kind: 'config',
    config,
    configPath: path,
    sandbox: null,
    description: `Reading the environments of ${path}.`,
    followConfig: configNeverChanges,
    close: nothing,
  };
}

function commandLineConfig(flags: SourceFlags, env: NodeJS.ProcessEnv): ConsoleConfig {
  const kafka = flags.brokers ? [kafkaClusterFromCommandLine(flags.brokers)] : [];
  const namesFleet = Boolean(flags.ecsEndpoint || flags.profile || flags.region);
  const fleet = namesFleet
    ? configFromCommandLine({
        ecsEndpoint: flags.ecsEndpoint,
        profile: flags.profile,
        region: flags.region,
        cluster: flags.cluster,
        env,
      })
    : { environments: [], pollIntervalMs: 5000, deploymentPollIntervalMs: 2000 };
  return { ...fleet, ...(kafka.length > 0 ? { kafka } : {}) };
}

function describeCommandLine(flags: SourceFlags): string {
  const parts = [
    flags.ecsEndpoint ? `ECS endpoint ${flags.ecsEndpoint}` : null,
    flags.profile ? `AWS profile ${flags.profile}` : null,
    flags.region ? `region ${flags.region}` : null,
    flags.brokers ? `Kafka ${flags.brokers}` : null,
  ].filter((part) => part !== null);
  return `Reading ${parts.join(', ')} as named on the command line.`;
}

function nonBlank(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}
