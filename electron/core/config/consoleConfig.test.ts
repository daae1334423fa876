import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleError } from '../ipc/consoleError';
import {
  configFromCommandLine,
  consoleConfigPath,
  kafkaClusterFromCommandLine,
  loadConsoleConfig,
  parseConsoleConfig,
  sandboxConsoleConfig,
} from './consoleConfig';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flarenet-config-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function configFile(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

function thrown(action: () => unknown): ConsoleError {
  try {
    action();
  } catch (error) {
    if (error instanceof ConsoleError) return error;
    throw error;
  }
  throw new Error('expected a ConsoleError');
}

describe('loadConsoleConfig', () => {
  it('reads a valid file and fills in the intervals', async () => {
    const path = await configFile(
      'valid.json',
      JSON.stringify({
        environments: [
          { name: 'staging', aws: { profile: 'flarenet-staging', region: 'eu-west-1' } },
          {
            name: 'production',
            readOnly: true,
            aws: { region: 'eu-west-1' },
            clusters: ['flarenet-production'],
          },
        ],
      }),
    );
    const config = await loadConsoleConfig({ path });
    expect(config).toEqual({
      environments: [
        { name: 'staging', aws: { profile: 'flarenet-staging', region: 'eu-west-1' } },
        {
          name: 'production',
          readOnly: true,
          aws: { region: 'eu-west-1' },
          clusters: ['flarenet-production'],
        },
      ],
      pollIntervalMs: 5000,
      deploymentPollIntervalMs: 2000,
    });
  });

  it('treats a missing file as "use the sandbox"', async () => {
    await expect(loadConsoleConfig({ path: join(dir, 'absent.json') })).resolves.toBeNull();
    await expect(loadConsoleConfig({ dataDir: join(dir, 'no-such-folder'), env: {} })).resolves.toBeNull();
  });

  it('finds the file through FLARENET_CONFIG before the data folder', async () => {
    const path = await configFile(
      'from-env.json',
      JSON.stringify({
        environments: [{ name: 'dev', aws: { region: 'us-west-2' } }],
        pollIntervalMs: 10_000,
      }),
    );
    expect(consoleConfigPath({ dataDir: '/data', env: { FLARENET_CONFIG: path } })).toBe(path);
    expect(consoleConfigPath({ dataDir: '/data', env: {} })).toBe(join('/data', 'config.json'));
    const config = await loadConsoleConfig({ dataDir: join(dir, 'unused'), env: { FLARENET_CONFIG: path } });
    expect(config?.pollIntervalMs).toBe(10_000);
    expect(config?.environments.map((e) => e.name)).toEqual(['dev']);
  });

  it('names the file when the JSON is broken', async () => {
    const path = await configFile('broken.json', '{ "environments": [ }');
    const error = await loadConsoleConfig({ path }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConsoleError);
    expect((error as ConsoleError).code).toBe('VALIDATION');
    expect((error as ConsoleError).message).toContain(path);
    expect((error as ConsoleError).message).toContain('not valid JSON');
  });
});

describe('parseConsoleConfig', () => {
  it.each([
    ['no environments', {}, ['environments:']],
    ['an empty list', { environments: [] }, ['environments:']],
    [
      'a region that is not one',
      { environments: [{ name: 'x', aws: { region: 'Mars' } }] },
      ['environments.0.aws.region: must be an AWS region such as us-east-1'],
    ],
    [
      'an endpoint that is not a URL',
      { environments: [{ name: 'x', aws: { region: 'us-east-1', endpoint: 'localhost' } }] },
      ['environments.0.aws.endpoint:'],
    ],
    [
      'a misspelt field',
      { environments: [{ name: 'x', aws: { region: 'us-east-1' }, cluster: ['a'] }] },
      ['environments.0:', 'cluster'],
    ],
    [
      'the same name twice',
      {
        environments: [
          { name: 'x', aws: { region: 'us-east-1' } },
          { name: 'x', aws: { region: 'us-east-2' } },
        ],
      },
      ['environment names must be unique'],
    ],
    [
      'an interval too short',
      { environments: [{ name: 'x', aws: { region: 'us-east-1' } }], pollIntervalMs: 10 },
      ['pollIntervalMs:'],
    ],
  ])('rejects %s, naming the field', (_name, value, fragments) => {
    const error = thrown(() => parseConsoleConfig(JSON.stringify(value), '/etc/flarenet/config.json'));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toMatch(/^The console config \/etc\/flarenet\/config.json is invalid: /);
    for (const fragment of fragments) expect(error.message).toContain(fragment);
    expect(error.details?.length).toBeGreaterThan(0);
  });
});

describe('the kafka section', () => {
  const environments = [{ name: 'production', aws: { region: 'eu-west-1' } }];

  it('reads clusters with TLS, SASL by secret name, MSK IAM and group owners', () => {
    const kafka = [
      {
        name: 'orders-prod',
        environment: 'production',
        brokers: [
          'b-1.orders.kafka.eu-west-1.amazonaws.com:9098',
          'b-2.orders.kafka.eu-west-1.amazonaws.com:9098',
        ],
        ssl: true,
        sasl: { mechanism: 'aws-msk-iam', region: 'eu-west-1', profile: 'flarenet-prod' },
        groupOwners: { 'billing-projector': 'payment-service' },
        groups: ['billing-projector', { id: 'payment-replay', topics: ['payment-process'] }],
        refreshIntervalMs: 10_000,
      },
      {
        name: 'legacy',
        brokers: ['10.0.0.7:9093', '[::1]:9093'],
        clientId: 'oncall-console',
        ssl: { rejectUnauthorized: true, caFile: '/etc/flarenet/kafka-ca.pem' },
        sasl: { mechanism: 'scram-sha-512', username: 'console', passwordSecret: 'legacy-kafka' },
      },
    ];
    const config = parseConsoleConfig(JSON.stringify({ environments, kafka }), 'config.json');
    expect(config.kafka).toEqual(kafka);
  });

  it('leaves the section out when the file has none', () => {
    expect(parseConsoleConfig(JSON.stringify({ environments }), 'config.json')).not.toHaveProperty('kafka');
  });

  it('reads an operations log, filling in what it leaves out', () => {
    const kafka = [
      {
        name: 'k',
        environment: 'production',
        brokers: ['k:9092'],
        operationsLog: { retentionMs: 7 * 86_400_000 },
      },
    ];
    const config = parseConsoleConfig(JSON.stringify({ environments, kafka }), 'config.json');
    expect(config.kafka?.[0]?.operationsLog).toEqual({
      topic: 'flarenet-console.operations',
      createTopic: true,
      retentionMs: 7 * 86_400_000,
      partitions: 6,
      replicationFactor: -1,
      leaseMs: 60_000,
    });
  });

  it('gives the built-in sandbox no operations log, so its locks are local', () => {
    const config = sandboxConsoleConfig('http://127.0.0.1:4566', '127.0.0.1:9092');
    expect(config.kafka).toHaveLength(1);
    expect(config.kafka?.[0]).not.toHaveProperty('operationsLog');
  });

  it.each([
    [
      'an operations log topic Kafka would refuse',
      [{ name: 'k', brokers: ['k:9092'], operationsLog: { topic: 'ops log' } }],
      ['kafka.0.operationsLog.topic: must be a Kafka topic name'],
    ],
    [
      'a lease longer than any reader looks back',
      [{ name: 'k', brokers: ['k:9092'], operationsLog: { leaseMs: 3_600_000 } }],
      ['kafka.0.operationsLog.leaseMs'],
    ],
    [
      'a broker without a port',
      [{ name: 'k', brokers: ['kafka.internal'] }],
      ['kafka.0.brokers.0: must be host:port'],
    ],
    ['no brokers', [{ name: 'k', brokers: [] }], ['kafka.0.brokers:']],
    [
      'a password instead of a secret name',
      [{ name: 'k', brokers: ['k:9092'], sasl: { mechanism: 'plain', username: 'u', password: 'hunter2' } }],
      ['kafka.0.sasl', 'password'],
    ],
    [
      'an unknown mechanism',
      [{ name: 'k', brokers: ['k:9092'], sasl: { mechanism: 'gssapi', username: 'u', passwordSecret: 's' } }],
      ['kafka.0.sasl.mechanism'],
    ],
    [
      'a cluster name with spaces',
      [{ name: 'orders prod', brokers: ['k:9092'] }],
      ['kafka.0.name: letters, digits, . _ - only'],
    ],
    [
      'the same cluster twice',
      [
        { name: 'k', brokers: ['a:9092'] },
        { name: 'k', brokers: ['b:9092'] },
      ],
      ['Kafka cluster names must be unique'],
    ],
  ])('rejects %s, naming the field', (_name, kafka, fragments) => {
    const error = thrown(() => parseConsoleConfig(JSON.stringify({ environments, kafka }), 'config.json'));
    expect(error.code).toBe('VALIDATION');
    for (const fragment of fragments) expect(error.message).toContain(fragment);
  });

  it('never echoes a password it refuses', () => {
    const kafka = [
      { name: 'k', brokers: ['k:9092'], sasl: { mechanism: 'plain', username: 'u', password: 'hunter2' } },
    ];
    const error = thrown(() => parseConsoleConfig(JSON.stringify({ environments, kafka }), 'config.json'));
    expect(error.message).not.toContain('hunter2');
    expect(error.details?.join('\n')).not.toContain('hunter2');
  });
});

describe('kafkaClusterFromCommandLine', () => {
  it('splits --brokers into a cluster', () => {
    expect(kafkaClusterFromCommandLine('127.0.0.1:9092, 127.0.0.1:9093')).toEqual({
      name: 'kafka',
      brokers: ['127.0.0.1:9092', '127.0.0.1:9093'],
    });
  });

  it('names the broker that is not host:port', () => {
    const error = thrown(() => kafkaClusterFromCommandLine('127.0.0.1:9092,localhost'));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toBe('Invalid command line: --brokers (localhost): must be host:port');
  });
});

describe('sandboxConsoleConfig', () => {
  it('adds the sandbox Kafka cluster to production when given its bootstrap address', () => {
    expect(sandboxConsoleConfig('http://127.0.0.1:43121').kafka).toBeUndefined();
    expect(sandboxConsoleConfig('http://127.0.0.1:43121', '127.0.0.1:39092').kafka).toEqual([
      {
        name: 'flarenet-kafka',
        environment: 'production',
        brokers: ['127.0.0.1:39092'],
        clientId: 'flarenet-console',
      },
    ]);
  });

  it('maps staging and production to the sandbox clusters on its endpoint', () => {
    const config = sandboxConsoleConfig('http://127.0.0.1:43121');
    expect(config.environments).toEqual([
      {
        name: 'staging',
        aws: { region: 'us-east-1', endpoint: 'http://127.0.0.1:43121' },
        clusters: ['flarenet-staging'],
      },
      {
        name: 'production',
        aws: { region: 'us-east-1', endpoint: 'http://127.0.0.1:43121' },
        clusters: ['flarenet-production'],
      },
    ]);
  });
});

describe('configFromCommandLine', () => {
  it.each([
    [
      { ecsEndpoint: 'http://127.0.0.1:4000' },
      { name: 'endpoint', aws: { region: 'us-east-1', endpoint: 'http://127.0.0.1:4000' } },
    ],
    [
      { ecsEndpoint: 'http://127.0.0.1:4000', cluster: 'flarenet-staging' },
      {
        name: 'endpoint',
        aws: { region: 'us-east-1', endpoint: 'http://127.0.0.1:4000' },
        clusters: ['flarenet-staging'],
      },
    ],
    [
      { profile: 'ops.prod', region: 'eu-central-1' },
      { name: 'ops-prod', aws: { region: 'eu-central-1', profile: 'ops.prod' } },
    ],
    [{ region: 'ap-south-1' }, { name: 'ap-south-1', aws: { region: 'ap-south-1' } }],
    [
      { profile: 'ops', env: { AWS_REGION: 'us-west-2' } },
      { name: 'ops', aws: { region: 'us-west-2', profile: 'ops' } },
    ],
  ])('%j', (flags, environment) => {
    expect(configFromCommandLine(flags).environments).toEqual([environment]);
  });

  it.each([
    [{ profile: 'ops' }, 'No AWS region'],
    [{ ecsEndpoint: 'not a url' }, '--ecs-endpoint'],
    [{ region: 'moon-1' }, '--region'],
  ])('refuses %j', (flags, fragment) => {
    const error = thrown(() => configFromCommandLine(flags));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toContain(fragment);
  });
});

describe('notification webhooks in the config', () => {
  const withWebhooks = (webhooks: unknown[]) =>
    JSON.stringify({
      environments: [{ name: 'prod', aws: { region: 'eu-west-1' } }],
      notifications: { webhooks },
    });

  it('takes Slack and generic webhooks whose URLs are named secrets', () => {
    const config = parseConsoleConfig(
      withWebhooks([
        { name: 'oncall slack', format: 'slack', urlSecret: 'slack-oncall-url' },
        { name: 'pager', format: 'json', urlSecret: 'pager-url' },
      ]),
      'config.json',
    );
    expect(config.notifications?.webhooks?.map((webhook) => webhook.format)).toEqual(['slack', 'json']);
  });

  it('refuses a URL where the secret name goes, saying which field', () => {
    expect(() =>
      parseConsoleConfig(
        withWebhooks([
          { name: 'slack', format: 'slack', urlSecret: 'https://hooks.slack.com/services/T/B/x' },
        ]),
        'config.json',
      ),
    ).toThrow(/notifications\.webhooks\.0\.urlSecret: must be a secret name/);
  });
});
