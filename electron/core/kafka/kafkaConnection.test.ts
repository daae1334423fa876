import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, KafkaJSProtocolError, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaClusterConfig } from '../config/consoleConfig';
import { ConsoleError } from '../ipc/consoleError';
import { describeKafkaCluster, kafkaClientConfig, kafkaLogCreator } from './kafkaConnection';
import { describeKafkaFailure, KafkaRequestFailure } from './kafkaFailure';
import { openSecretStore } from './secretStore';

let dir: string;
/** A TCP server that accepts connections and never answers: a broker behind a broken proxy. */
let silent: Server;
const sockets = new Set<Socket>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flarenet-kafka-connection-'));
  silent = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

const plain: KafkaClusterConfig = { name: 'orders', brokers: ['b-1:9092', 'b-2:9092'] };

describe('kafkaClientConfig', () => {
  it('uses the brokers, a client id per use, short timeouts, few retries and no kafkajs logging by default', async () => {
    const config = await kafkaClientConfig(plain, {}, 'lag');
    expect(config).toMatchObject({
      clientId: 'flarenet-console-lag',
      brokers: ['b-1:9092', 'b-2:9092'],
      connectionTimeout: 3000,
      requestTimeout: 10_000,
      retry: { retries: 1 },
      logLevel: logLevel.NOTHING,
    });
    expect(config.ssl).toBeUndefined();
    expect(config.sasl).toBeUndefined();
    expect((await kafkaClientConfig({ ...plain, clientId: 'oncall' })).clientId).toBe('oncall');
  });

  it('reads the CA file for TLS, and names it when it cannot', async () => {
    const caFile = join(dir, 'ca.pem');
    await writeFile(caFile, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    expect((await kafkaClientConfig({ ...plain, ssl: true })).ssl).toBe(true);
    const withCa = await kafkaClientConfig({ ...plain, ssl: { caFile } });
    expect(withCa.ssl).toEqual({ rejectUnauthorized: true, ca: [await readFile(caFile)] });
    const error = await kafkaClientConfig({ ...plain, ssl: { caFile: join(dir, 'absent.pem') } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConsoleError);
    expect((error as ConsoleError).message).toMatch(
      /^Cannot read the CA file .*absent\.pem of Kafka cluster orders/,
    );
  });

  it('takes a SASL password from the secret store by name, and says how to set one that is missing', async () => {
    const secrets = openSecretStore({ dataDir: dir, log: () => {} });
    await secrets.set('orders-kafka', 'pa55');
    const sasl = { mechanism: 'scram-sha-512' as const, username: 'console', passwordSecret: 'orders-kafka' };
    expect((await kafkaClientConfig({ ...plain, sasl }, { secrets })).sasl).toEqual({
      mechanism: 'scram-sha-512',
      username: 'console',
      password: 'pa55',
    });
    const missing = await kafkaClientConfig(
      { ...plain, sasl: { ...sasl, passwordSecret: 'other' } },
      { secrets },
    ).catch((e: unknown) => e);
    expect(missing).toMatchObject({
      code: 'AUTH',
      message:
        'Kafka cluster orders needs the secret other, which is not in the secret store: set it with `npm run cli -- secrets set other`.',
    });
  });

  it('authenticates to MSK with IAM through OAUTHBEARER', async () => {
    const config = await kafkaClientConfig(
      { ...plain, ssl: true, sasl: { mechanism: 'aws-msk-iam', region: 'eu-west-1' } },
      { mskTokenProvider: () => () => Promise.resolve({ value: 'signed-token' }) },
    );
    expect(config.sasl?.mechanism).toBe('oauthbearer');
    const provider = (config.sasl as { oauthBearerProvider: () => Promise<{ value: string }> })
      .oauthBearerProvider;
    expect(await provider()).toEqual({ value: 'signed-token' });
  });

  it('routes kafkajs log entries to the console log, one line each', () => {
    const lines: string[] = [];
    const log = kafkaLogCreator('orders', (line) => lines.push(line))(logLevel.WARN);
    log({
      namespace: 'Connection',
      level: logLevel.ERROR,
      label: 'ERROR',
      log: { timestamp: '', message: 'Connection error', error: 'connect ECONNREFUSED' },
    });
    expect(lines).toEqual(['Kafka orders error [Connection]: Connection error (connect ECONNREFUSED)']);
  });
});

describe('describeKafkaFailure, from real kafkajs failures', () => {
  async function failureOf(cluster: KafkaClusterConfig) {
    const admin = new Kafka(
      await kafkaClientConfig(cluster, { connectionTimeoutMs: 300, requestTimeoutMs: 300, retries: 0 }),
    ).admin();
    try {
      await admin.connect();
      await admin.listTopics();
      throw new Error('expected a failure');
    } catch (error) {
      return describeKafkaFailure(describeKafkaCluster(cluster), error);
    } finally {
      await admin.disconnect();
    }
  }

  it('a refused connection is UNAVAILABLE, with the errno', async () => {
    expect(await failureOf({ name: 'dead', brokers: ['127.0.0.1:1'] })).toEqual({
      code: 'UNAVAILABLE',
      message: 'Cannot reach the Kafka cluster dead (127.0.0.1:1) (ECONNREFUSED)',
    });
  });

  it('a broker that never answers is a TIMEOUT', async () => {
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    expect(await failureOf({ name: 'mute', brokers: [`127.0.0.1:${port}`] })).toEqual({
      code: 'TIMEOUT',
      message: `The Kafka cluster mute (127.0.0.1:${port}) did not answer in time`,
    });
  });

  it('an authorisation error is KAFKA_ACCESS_DENIED, naming the request and what was refused', () => {
    // As kafkajs raises a broker's error code 30.
    const error = Object.assign(new KafkaJSProtocolError('Not authorized to access group'), {
      type: 'GROUP_AUTHORIZATION_FAILED',
    });
    expect(describeKafkaFailure('the Kafka cluster orders (b-1:9092)', error)).toEqual({
      code: 'KAFKA_ACCESS_DENIED',
      message:
        'The Kafka cluster orders (b-1:9092) denied a request to the console (GROUP_AUTHORIZATION_FAILED)',
    });
    expect(
      describeKafkaFailure(
        'the Kafka cluster orders (b-1:9092)',
        new KafkaRequestFailure('DescribeGroups', error),
      ),
    ).toEqual({
      code: 'KAFKA_ACCESS_DENIED',
      message:
        'The Kafka cluster orders (b-1:9092) denied DescribeGroups to the console (GROUP_AUTHORIZATION_FAILED)',
    });
  });

  it('a ConsoleError passes through as it is', () => {
    expect(describeKafkaFailure('anywhere', new ConsoleError('AUTH', 'no secret'))).toEqual({
      code: 'AUTH',
      message: 'no secret',
    });
  });
});
