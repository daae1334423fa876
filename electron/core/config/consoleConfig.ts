import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { sandboxRegion } from '../../../shared/ipc/sandbox';
import { awsNamePattern, environmentNameSchema, kafkaNameSchema } from '../../../shared/nameSchemas';
import { ConsoleError } from '../ipc/consoleError';
import { operationsLogConfigSchema } from '../team/operationsLog';
import { topologyConfigSchema } from '../topology/topologySpec';

/**
 * The console's own configuration: which AWS environments to watch and how often.
 * Without a config file the console runs on its embedded sandbox.
 */

const awsRegionSchema = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be an AWS region such as us-east-1');

export const awsTargetSchema = z
  .object({
    /** A named profile from ~/.aws/config; the default credential chain when absent. */
    profile: z.string().min(1).optional(),
    region: awsRegionSchema,
    /** An ECS-compatible endpoint instead of AWS (the sandbox, a local emulator). */
    endpoint: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  })
  .strict();
export type AwsTarget = z.infer<typeof awsTargetSchema>;

export const environmentConfigSchema = z
  .object({
    name: environmentNameSchema,
    /** Refuses every action on this environment, whatever the UI offers. */
    readOnly: z.boolean().optional(),
    aws: awsTargetSchema,
    /** Names or ARNs; discovered with ListClusters when absent. */
    clusters: z
      .array(z.string().min(1).max(2048).regex(awsNamePattern, 'must be a cluster name or ARN'))
      .min(1)
      .optional(),
  })
  .strict();
export type EnvironmentConfig = z.infer<typeof environmentConfigSchema>;

const hostPortPattern = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):\d{1,5}$/;
/**
 * Secret names key plain objects on disk and in memory, so the names JavaScript gives
 * meaning to (`__proto__`, `constructor`, `prototype`) would be stored and then lost.
 */
export const secretNamePattern = /^(?!(?:__proto__|constructor|prototype)$)[A-Za-z0-9._-]{1,100}$/;

export const kafkaSaslSchema = z.discriminatedUnion('mechanism', [
  z
    .object({
      mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
      username: z.string().min(1),
      /** The name under which the password is kept in the console's secret store, never the password. */
      passwordSecret: z.string().regex(secretNamePattern, 'must be a secret name (letters, digits, . _ -)'),
    })
    .strict(),
  z
    .object({
      mechanism: z.literal('aws-msk-iam'),
      region: awsRegionSchema,
      /** A named profile from ~/.aws/config; the default credential chain when absent. */
      profile: z.string().min(1).optional(),
    })
    .strict(),
]);

const consumerGroupIdSchema = z.string().min(1).max(255);

export const kafkaClusterConfigSchema = z
  .object({
    name: kafkaNameSchema.max(100),
    /** The environment the cluster serves, shown beside its groups. */
    environment: environmentNameSchema.optional(),
    brokers: z.array(z.string().regex(hostPortPattern, 'must be host:port')).min(1),
    clientId: z.string().min(1).max(100).optional(),
    ssl: z
      .union([
        z.boolean(),
        z
          .object({
            rejectUnauthorized: z.boolean().optional(),
            /** A PEM file with the CA that signed the brokers' certificates. */
            caFile: z.string().min(1).optional(),
          })
          .strict(),
      ])
      .optional(),
    sasl: kafkaSaslSchema.optional(),
    /** Consumer group id → the ECS service that owns it, where the naming convention does not tell. */
    groupOwners: z.record(z.string().min(1), z.string().min(1)).optional(),
    /**
     * Consumer groups to watch by name, read even where the brokers will not list or describe
     * groups (ACLs, proxies): lag then comes from OffsetFetch and ListOffsets alone. A group
     * may name its topics, for a broker that does not say which topics a group committed on.
     */
    groups: z
      .array(
        z.union([
          consumerGroupIdSchema,
          z
            .object({
              id: consumerGroupIdSchema,
              topics: z.array(kafkaNameSchema),
            })
            .strict(),
        ]),
      )
      .optional(),
    refreshIntervalMs: z.number().int().min(1000).max(600_000).optional(),
    /**
     * The team's operations log on this cluster. Actions on the cluster's `environment` then
     * take a team-wide lock on the log before ECS is called, and write their life to it;
     * without it (and on the built-in sandbox) locks are local to one console process.
     */
    operationsLog: operationsLogConfigSchema.optional(),
  })
  .strict();
export type KafkaClusterConfig = z.infer<typeof kafkaClusterConfigSchema>;

/**
 * A webhook the console posts its notifications to: Slack's incoming-webhook JSON or a
 * generic JSON body. The URL is its credential, so the config names the secret that holds
 * it (set with `flarenet secrets set <name>`), never the URL itself.
 */
export const webhookConfigSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9._ -]{1,60}$/, 'must be 1 to 60 letters, digits, spaces, . _ -'),
    format: z.enum(['slack', 'json']),
    urlSecret: z.string().regex(secretNamePattern, 'must be a secret name (letters, digits, . _ -)'),
  })
  .strict();
export type WebhookConfig = z.infer<typeof webhookConfigSchema>;

export const consoleConfigSchema = z
  .object({
    environments: z
      .array(environmentConfigSchema)
      .min(1)
      .refine(
        (environments) => new Set(environments.map((e) => e.name)).size === environments.length,
        'environment names must be unique',
      ),
    pollIntervalMs: z.number().int().min(1000).max(600_000).default(5000),
    deploymentPollIntervalMs: z.number().int().min(500).max(600_000).default(2000),
    /** Entry, HTTP calls, producers, datastores and domains the topology cannot learn from AWS or Kafka. */
    topology: topologyConfigSchema.optional(),
    kafka: z
      .array(kafkaClusterConfigSchema)
      .refine(
        (clusters) => new Set(clusters.map((c) => c.name)).size === clusters.length,
        'Kafka cluster names must be unique',
      )
      .optional(),
    notifications: z
      .object({
        webhooks: z
          .array(webhookConfigSchema)
          .max(20)
          .refine(
            (webhooks) => new Set(webhooks.map((w) => w.name)).size === webhooks.length,
            'webhook names must be unique',
          )
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type ConsoleConfig = z.infer<typeof consoleConfigSchema>;
export type ConsoleConfigInput = z.input<typeof consoleConfigSchema>;

/** Where the config file is: FLARENET_CONFIG wins over the data folder. */
export function consoleConfigPath(options: { dataDir: string; env?: NodeJS.ProcessEnv }): string {
  const fromEnv = options.env?.FLARENET_CONFIG;
  return fromEnv && fromEnv.trim() !== '' ? fromEnv : join(options.dataDir, 'config.json');
}

/**
 * Reads and validates the config file. A missing file is not an error: it means
 * "run on the sandbox" and comes back as null. Anything else that is wrong with the
 * file is, and the message names the file and the fields so a person can fix it.
 */
export async function loadConsoleConfig(options: {
  path?: string;
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
}): Promise<ConsoleConfig | null> {
  const path =
    options.path ??
    (options.dataDir !== undefined
      ? consoleConfigPath({ dataDir: options.dataDir, env: options.env })
      : options.env?.FLARENET_CONFIG);
  if (!path) return null;

  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ConsoleError(
      'VALIDATION',
      `Cannot read the console config ${path}: ${(error as Error).message}`,
    );
  }
  return parseConsoleConfig(text, path);
}

export function parseConsoleConfig(text: string, source: string): ConsoleConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConsoleError(
      'VALIDATION',
      `The console config ${source} is not valid JSON: ${(error as Error).message}`,
    );
  }
  const parsed = consoleConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 10)
      .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(file)'}: ${issue.message}`);
    throw new ConsoleError(
      'VALIDATION',
      `The console config ${source} is invalid: ${problems.join('; ')}`,
      problems,
    );
  }
  return parsed.data;
}

export const sandboxKafkaClusterName = 'flarenet-kafka';

/**
 * The embedded sandbox, shaped like a real two-environment account; with its Kafka
 * bootstrap address, the production Kafka cluster too. It has no operations log: one
 * console on a sandbox of its own has no team to share locks with, so its locks are local.
 */
export function sandboxConsoleConfig(ecsEndpoint: string, kafkaBootstrap?: string): ConsoleConfig {
  const aws = { region: sandboxRegion, endpoint: ecsEndpoint };
  return {
    environments: [
      { name: 'staging', aws, clusters: ['flarenet-staging'] },
      { name: 'production', aws, clusters: ['flarenet-production'] },
    ],
    pollIntervalMs: 5000,
    deploymentPollIntervalMs: 2000,
    ...(kafkaBootstrap
      ? {
          kafka: [
            {
              name: sandboxKafkaClusterName,
              environment: 'production',
              brokers: [kafkaBootstrap],
              clientId: 'flarenet-console',
            },
          ],
        }
      : {}),
  };
}

/**
 * One Kafka cluster from a `--brokers host:port,…` flag, checked like the config file's,
 * so a typo is refused with the flag's name rather than found as a connection error.
 */
export function kafkaClusterFromCommandLine(brokers: string, name = 'kafka'): KafkaClusterConfig {
  const list = brokers
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  const parsed = kafkaClusterConfigSchema.safeParse({ name, brokers: list });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const index = issue.path[1];
      const which = typeof index === 'number' && list[index] !== undefined ? ` (${list[index]})` : '';
      return `--brokers${which}: ${issue.message}`;
    });
    throw new ConsoleError('VALIDATION', `Invalid command line: ${problems.join('; ')}`, problems);
  }
  return parsed.data;
}

export interface CommandLineTarget {
  profile?: string;
  region?: string;
  ecsEndpoint?: string;
  cluster?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * One environment from command-line flags, named after what it points at so a table
 * heading says where the data came from.
 */
export function configFromCommandLine(target: CommandLineTarget): ConsoleConfig {
  const env = target.env ?? {};
  const region =
    target.region ??
    env.AWS_REGION ??
    env.AWS_DEFAULT_REGION ??
    (target.ecsEndpoint ? sandboxRegion : undefined);
  if (!region) {
    throw new ConsoleError('VALIDATION', 'No AWS region: pass --region (or set AWS_REGION).');
  }
  const name = target.ecsEndpoint ? 'endpoint' : target.profile ? target.profile : region;
  const candidate: ConsoleConfigInput = {
    environments: [
      {
        name: name.replace(/[^A-Za-z0-9_-]/g, '-'),
        aws: {
          region,
          ...(target.profile ? { profile: target.profile } : {}),
          ...(target.ecsEndpoint ? { endpoint: target.ecsEndpoint } : {}),
        },
        ...(target.cluster ? { clusters: [target.cluster] } : {}),
      },
    ],
  };
  const parsed = consoleConfigSchema.safeParse(candidate);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${describeFlag(issue.path)}: ${issue.message}`);
    throw new ConsoleError('VALIDATION', `Invalid command line: ${problems.join('; ')}`, problems);
  }
  return parsed.data;
}

function describeFlag(path: PropertyKey[]): string {
  const last = String(path[path.length - 1] ?? '');
  if (last === 'endpoint') return '--ecs-endpoint';
  if (last === 'region') return '--region';
  if (last === 'profile') return '--profile';
  if (path.includes('clusters')) return '--cluster';
  return path.join('.');
}
