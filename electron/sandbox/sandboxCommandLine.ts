import { parseArgs } from 'node:util';
import type { SandboxOptions } from './sandbox';
import { type SandboxScenario, sandboxScaleLimits, sandboxScenarioSchema } from '../../shared/ipc/sandbox';

/** Fixed so a console, the AWS CLI and scenario commands find a running sandbox without being told; clear of LocalStack's 4510–4566. */
export const defaultEcsPort = 4580;
/** Fixed for the same reason; clear of a real local Kafka on 9092. */
export const defaultKafkaPort = 19092;

/** The environment variable that sizes a sandbox the console host or the desktop app starts. */
export const sandboxScaleVariable = 'FLARENET_SANDBOX_SCALE';

/** How big a fleet to build; what is left out stays at the demo's size (2 clusters × 9 services, 5 groups). */
export interface SandboxScale {
  clusters?: number;
  servicesPerCluster?: number;
  /** Consumer groups with traffic on the production cluster's services. */
  groups?: number;
}

export type SandboxCommand =
  | { kind: 'help' }
  | {
      kind: 'serve';
      host: string;
      ecsPort: number;
      kafkaPort: number;
      seed: number | undefined;
      lively: boolean;
      scale: SandboxScale;
    }
  | { kind: 'scenario'; endpoint: string; scenario: SandboxScenario };

/** A command line that cannot run; the message says why in words. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const sandboxUsage = `Usage:
  npm run sandbox -- [--ecs-port <port>] [--kafka-port <port>] [--host <host>] [--seed <n>] [--calm]
                     [--clusters <n>] [--services <n>] [--groups <n>]
      Runs the simulated FlareNet fleet with an ECS endpoint and a Kafka broker until Ctrl-C.
      --ecs-port    port of the ECS endpoint (default ${defaultEcsPort}; 0 picks a free one)
      --kafka-port  port of the Kafka broker (default ${defaultKafkaPort}; 0 picks a free one)
      --host        address to listen on (default 127.0.0.1)
      --seed        makes the fleet's ids and its random activity repeatable
      --calm        no background task replacements
      --clusters    ECS clusters: flarenet-staging, flarenet-production, then flarenet-bench-3, ...
                    (default 2; a single one is flarenet-production; at most ${sandboxScaleLimits.clusters})
      --services    services in each cluster (default 9; at most ${sandboxScaleLimits.servicesPerCluster.toLocaleString('en-US')})
      --groups      consumer groups with traffic on the production cluster (default 5; at most ${sandboxScaleLimits.groups.toLocaleString('en-US')})
      e.g. npm run sandbox -- --clusters 10 --services 1000 --groups 5000

  The console's own sandbox (npm start, npm run host, the desktop app) takes the same sizes from
  ${sandboxScaleVariable}, e.g. ${sandboxScaleVariable}=clusters=10,services=1000,groups=5000 npm run host

  npm run sandbox -- scenario bad-deploy <service> [--cluster <name>] [--circuit-breaker off|rollback] [--endpoint <url>]
  npm run sandbox -- scenario good-deploy <service> [--cluster <name>] [--endpoint <url>]
  npm run sandbox -- scenario consumer <group> --behaviour normal|stall|stop|rewind [--endpoint <url>]
  npm run sandbox -- scenario load <service> --percent <n> [--minutes <n>] [--cluster <name>] [--endpoint <url>]
  npm run sandbox -- scenario throttle --seconds <n> [--endpoint <url>]
  npm run sandbox -- scenario scale --clusters <n> --services <n> [--groups <n>] [--endpoint <url>]
      Drives a running sandbox. --cluster defaults to flarenet-production; --circuit-breaker off
      keeps a bad deploy launching failing tasks until it is rolled back. load gives a service
      --percent of what its tasks can serve for --minutes (default 5): a production service
      scales out on its CPU policy, then back in. Consumer groups are
      named after their services (payment-service, order-service, ...). scale rebuilds the
      fleet (and, with --groups, the consumer groups) of a running sandbox; a console running
      on it as its own sandbox watches the rebuilt clusters at once.
      --endpoint defaults to http://127.0.0.1:${defaultEcsPort} (or the --host and --ecs-port given).

  npm run sandbox -- --help`;

const serveFlags = new Set([
  'ecs-port',
  'kafka-port',
  'host',
  'seed',
  'calm',
  'clusters',
  'services',
  'groups',
]);
const scenarioFlags: Record<string, ReadonlySet<string>> = {
  'bad-deploy': new Set(['cluster', 'circuit-breaker', 'endpoint', 'host', 'ecs-port']),
  'good-deploy': new Set(['cluster', 'endpoint', 'host', 'ecs-port']),
  load: new Set(['cluster', 'percent', 'minutes', 'endpoint', 'host', 'ecs-port']),
  consumer: new Set(['behaviour', 'endpoint', 'host', 'ecs-port']),
  throttle: new Set(['seconds', 'endpoint', 'host', 'ecs-port']),
  scale: new Set(['clusters', 'services', 'groups', 'endpoint', 'host', 'ecs-port']),
};

export function parseSandboxCommandLine(argv: readonly string[]): SandboxCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        'ecs-port': { type: 'string' },
        'kafka-port': { type: 'string' },
        'circuit-breaker': { type: 'string' },
        behaviour: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        calm: { type: 'boolean' },
        cluster: { type: 'string' },
        endpoint: { type: 'string' },
        seconds: { type: 'string' },
        percent: { type: 'string' },
        minutes: { type: 'string' },
        clusters: { type: 'string' },
        services: { type: 'string' },
        groups: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  const given = Object.keys(values);
  const host = values.host ?? '127.0.0.1';
  const ecsPort =
    values['ecs-port'] === undefined
      ? defaultEcsPort
      : wholeNumber('--ecs-port', values['ecs-port'], 0, 65535);

  if (positionals.length === 0) {
    rejectFlags(given, serveFlags, 'when running the sandbox');
    const seed = values.seed === undefined ? undefined : wholeNumber('--seed', values.seed, 0, 2 ** 31 - 1);
    const kafkaPort =
      values['kafka-port'] === undefined
        ? defaultKafkaPort
        : wholeNumber('--kafka-port', values['kafka-port'], 0, 65535);
    if (kafkaPort !== 0 && kafkaPort === ecsPort)
      throw new UsageError(`--ecs-port and --kafka-port cannot both be ${ecsPort}.`);
    const scale = scaleFromFlags(values, (flag) => `--${flag}`);
    return { kind: 'serve', host, ecsPort, kafkaPort, seed, lively: !values.calm, scale };
  }
  if (positionals[0] !== 'scenario')
    throw new UsageError(`Unknown command "${positionals[0]}". Commands: scenario.`);
  const kind = positionals[1];
  if (kind === undefined || !(kind in scenarioFlags)) {
    throw new UsageError(
      `Name a scenario: ${Object.keys(scenarioFlags).join(', ')}${kind === undefined ? '' : ` (got "${kind}")`}.`,
    );
  }
  rejectFlags(given, scenarioFlags[kind]!, `with scenario ${kind}`);
  const deploys = kind === 'bad-deploy' || kind === 'good-deploy';
  const expectedPositionals = deploys || kind === 'consumer' || kind === 'load' ? 3 : 2;
  if (positionals.length < expectedPositionals)
    throw new UsageError(
      kind === 'consumer'
        ? 'scenario consumer needs the consumer group, e.g. payment-service.'
        : `scenario ${kind} needs the service to ${kind === 'load' ? 'load' : 'deploy'}, e.g. payment-service.`,
    );
  if (positionals.length > expectedPositionals)
    throw new UsageError(`Unexpected argument "${positionals[expectedPositionals]}".`);
  const endpoint = values.endpoint ?? `http://${host}:${ecsPort}`;
  if (!/^https?:\/\/[^/]+/.test(endpoint))
    throw new UsageError(`--endpoint must be an http(s) URL (got "${endpoint}").`);

  const candidate = deploys
    ? {
        kind,
        cluster: values.cluster ?? 'flarenet-production',
        service: positionals[2],
        ...(values['circuit-breaker'] === undefined ? {} : { circuitBreaker: values['circuit-breaker'] }),
      }
    : kind === 'load'
      ? {
          kind,
          cluster: values.cluster ?? 'flarenet-production',
          service: positionals[2],
          percent: requiredNumber('--percent', values.percent),
          ...(values.minutes === undefined ? {} : { minutes: Number(values.minutes) }),
        }
      : kind === 'consumer'
        ? { kind, group: positionals[2], behaviour: requiredText('--behaviour', values.behaviour) }
        : kind === 'throttle'
          ? { kind, seconds: requiredNumber('--seconds', values.seconds) }
          : {
              kind,
              ...scaleFromFlags(values, (flag) => `--${flag}`),
              clusters: requiredNumber('--clusters', values.clusters),
              servicesPerCluster: requiredNumber('--services', values.services),
            };
  const scenario = sandboxScenarioSchema.safeParse(candidate);
  if (!scenario.success) {
    const flagFor: Record<string, string> = {
      servicesPerCluster: '--services',
      clusters: '--clusters',
      groups: '--groups',
      seconds: '--seconds',
      percent: '--percent',
      minutes: '--minutes',
      circuitBreaker: '--circuit-breaker',
      behaviour: '--behaviour',
    };
    const problems = scenario.error.issues.map(
      (issue) => `${flagFor[String(issue.path[0])] ?? String(issue.path[0])}: ${issue.message}`,
    );
    throw new UsageError(`Invalid scenario: ${problems.join('; ')}.`);
  }
  return { kind: 'scenario', endpoint: endpoint.replace(/\/+$/, ''), scenario: scenario.data };
}

type ScaleFlag = 'clusters' | 'services' | 'groups';

/** What each size is, for messages that say which limit was crossed. */
const scaleFlags: Record<ScaleFlag, { key: keyof SandboxScale; min: number; unit: string }> = {
  clusters: { key: 'clusters', min: 1, unit: 'clusters' },
  services: { key: 'servicesPerCluster', min: 1, unit: 'services per cluster' },
  groups: { key: 'groups', min: 0, unit: 'consumer groups' },
};

function scaleFromFlags(
  values: Partial<Record<ScaleFlag, string>>,
  nameOf: (flag: ScaleFlag) => string,
): SandboxScale {
  const scale: SandboxScale = {};
  for (const flag of Object.keys(scaleFlags) as ScaleFlag[]) {
    const value = values[flag];
    if (value === undefined) continue;
    const { key, min, unit } = scaleFlags[flag];
    const max = sandboxScaleLimits[key];
    const name = nameOf(flag);
    if (!/^\d+$/.test(value.trim()))
      throw new UsageError(`${name} must be a whole number of ${unit} (got "${value}").`);
    const number = Number(value.trim());
    if (number < min) throw new UsageError(`${name} must be at least ${min} (got ${number}).`);
    if (number > max)
      throw new UsageError(
        `${name} must be at most ${max.toLocaleString('en-US')} ${unit}, the largest fleet the sandbox builds (got ${number.toLocaleString('en-US')}).`,
      );
    scale[key] = number;
  }
  return scale;
}

/**
 * Sizes from ${sandboxScaleVariable}, written as the flags are without their dashes:
 * "clusters=10,services=1000,groups=5000". Unset or blank is the demo's size.
 */
export function parseSandboxScale(text: string | undefined): SandboxScale {
  if (text === undefined || text.trim() === '') return {};
  const values: Partial<Record<ScaleFlag, string>> = {};
  for (const part of text.split(',')) {
    const [name = '', value, ...rest] = part.split('=').map((piece) => piece.trim());
    if (!(name in scaleFlags) || value === undefined || rest.length > 0)
      throw new UsageError(
        `${sandboxScaleVariable} must list sizes as clusters=<n>,services=<n>,groups=<n> (got "${text}").`,
      );
    values[name as ScaleFlag] = value;
  }
  return scaleFromFlags(values, (flag) => `${sandboxScaleVariable} ${flag}`);
}

/** The sandbox options that build a fleet of this size. */
export function sandboxOptionsAtScale(scale: SandboxScale): Pick<SandboxOptions, 'fleet' | 'kafka'> {
  return {
    ...(scale.clusters === undefined && scale.servicesPerCluster === undefined
      ? {}
      : {
          fleet: {
            ...(scale.clusters === undefined ? {} : { clusters: scale.clusters }),
            ...(scale.servicesPerCluster === undefined
              ? {}
              : { servicesPerCluster: scale.servicesPerCluster }),
          },
        }),
    ...(scale.groups === undefined ? {} : { kafka: { groups: scale.groups } }),
  };
}

function rejectFlags(given: readonly string[], allowed: ReadonlySet<string>, context: string): void {
  const stray = given.filter((flag) => !allowed.has(flag));
  if (stray.length > 0)
    throw new UsageError(`${stray.map((flag) => `--${flag}`).join(', ')} cannot be used ${context}.`);
}

function requiredText(flag: string, value: string | undefined): string {
  if (value === undefined) throw new UsageError(`${flag} is required.`);
  return value;
}

function requiredNumber(flag: string, value: string | undefined): number {
  if (value === undefined) throw new UsageError(`${flag} is required.`);
  return wholeNumber(flag, value, 0, Number.MAX_SAFE_INTEGER);
}

function wholeNumber(flag: string, value: string, min: number, max: number): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max)
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max} (got "${value}").`);
  return number;
}
