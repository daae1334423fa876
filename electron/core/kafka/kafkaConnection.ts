import { readFile } from 'node:fs/promises';
import { logLevel, type KafkaConfig, type logCreator, type SASLOptions } from 'kafkajs';
import type { KafkaClusterConfig } from '../config/consoleConfig';
import { ConsoleError } from '../ipc/consoleError';
import { mskIamTokenProvider } from './mskIamToken';
import type { SecretStore } from './secretStore';

/**
 * kafkajs connection options for one configured cluster. Timeouts are short and kafkajs'
 * own retries few: the lag monitor and the tails back off on their own, and a console that
 * waits a minute on a dead broker tells on-call nothing.
 */

export interface KafkaConnectionOptions {
  /** Where SASL passwords come from; a cluster that needs one fails with a clear message without it. */
  secrets?: SecretStore | null;
  /** Where kafkajs' own warnings and errors go; silent when absent. */
  log?: (line: string) => void;
  /** The lowest kafkajs level passed to `log`; default WARN. */
  logLevel?: logLevel;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  retries?: number;
  /** Replaces the MSK IAM token source (tests). */
  mskTokenProvider?: (cluster: KafkaClusterConfig) => () => Promise<{ value: string }>;
}

export const defaultClientId = 'flarenet-console';

/** "the Kafka cluster orders-prod (b-1:9098, b-2:9098)", for messages that say where a failure happened. */
export function describeKafkaCluster(cluster: KafkaClusterConfig): string {
  return `the Kafka cluster ${cluster.name} (${cluster.brokers.join(', ')})`;
}

export async function kafkaClientConfig(
  cluster: KafkaClusterConfig,
  options: KafkaConnectionOptions = {},
  clientIdSuffix?: string,
): Promise<KafkaConfig> {
  const clientId = `${cluster.clientId ?? defaultClientId}${clientIdSuffix ? `-${clientIdSuffix}` : ''}`;
  const config: KafkaConfig = {
    clientId,
    brokers: cluster.brokers,
    connectionTimeout: options.connectionTimeoutMs ?? 3000,
    authenticationTimeout: options.connectionTimeoutMs ?? 3000,
    requestTimeout: options.requestTimeoutMs ?? 10_000,
    retry: { retries: options.retries ?? 1, initialRetryTime: 200, maxRetryTime: 2000 },
    ...(options.log
      ? {
          logLevel: options.logLevel ?? logLevel.WARN,
          logCreator: kafkaLogCreator(cluster.name, options.log),
        }
      : { logLevel: logLevel.NOTHING }),
  };
  const ssl = await sslOptions(cluster);
  if (ssl !== undefined) config.ssl = ssl;
  const sasl = await saslOptions(cluster, options);
  if (sasl) config.sasl = sasl;
  return config;
}

async function sslOptions(cluster: KafkaClusterConfig): Promise<KafkaConfig['ssl']> {
  const ssl = cluster.ssl;
  if (ssl === undefined || ssl === false) return undefined;
  if (ssl === true) return true;
  let ca: Buffer[] | undefined;
  if (ssl.caFile) {
    try {
      ca = [await readFile(ssl.caFile)];
    } catch (error) {
      throw new ConsoleError(
        'VALIDATION',
        `Cannot read the CA file ${ssl.caFile} of Kafka cluster ${cluster.name}: ${(error as Error).message}`,
      );
    }
  }
  return {
    rejectUnauthorized: ssl.rejectUnauthorized ?? true,
    ...(ca ? { ca } : {}),
  };
}

async function saslOptions(
  cluster: KafkaClusterConfig,
  options: KafkaConnectionOptions,
): Promise<SASLOptions | undefined> {
  const sasl = cluster.sasl;
  if (!sasl) return undefined;
  if (sasl.mechanism === 'aws-msk-iam') {
    const oauthBearerProvider =
      options.mskTokenProvider?.(cluster) ??
      mskIamTokenProvider({ region: sasl.region, ...(sasl.profile ? { profile: sasl.profile } : {}) });
    return { mechanism: 'oauthbearer', oauthBearerProvider };
  }
  const password = await options.secrets?.get(sasl.passwordSecret);
  if (password === undefined || password === null) {
    throw new ConsoleError(
      'AUTH',
      `Kafka cluster ${cluster.name} needs the secret ${sasl.passwordSecret}, which is not in the secret store: set it with \`npm run cli -- secrets set ${sasl.passwordSecret}\`.`,
    );
  }
  return { mechanism: sasl.mechanism, username: sasl.username, password };
}

const levelNames: Partial<Record<logLevel, string>> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warning',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** kafkajs' structured log lines as one line each in the console's log. */
export function kafkaLogCreator(clusterName: string, log: (line: string) => void): logCreator {
  return () =>
    ({ namespace, level, log: entry }) => {
      const { message, error } = entry as { message?: string; error?: unknown };
      const detail = typeof error === 'string' && error !== message ? ` (${error})` : '';
      log(`Kafka ${clusterName} ${levelNames[level] ?? 'log'} [${namespace}]: ${message ?? ''}${detail}`);
    };
}
