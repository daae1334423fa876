import { connect } from 'node:net';
import { Kafka, logLevel, Partitioners, type Consumer, type EachMessagePayload } from 'kafkajs';
import { WireWriter } from '../sandbox/kafka/wireBuffer';

/** kafkajs clients for tests, with short retries so a broker bug fails fast instead of retrying for minutes. */
export function kafkaClient(bootstrap: string, clientId = 'sandbox-tests'): Kafka {
  return new Kafka({
    brokers: [bootstrap],
    clientId,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2_000,
    requestTimeout: 10_000,
    retry: { retries: 4, initialRetryTime: 50, maxRetryTime: 500 },
  });
}

export const defaultPartitioner = Partitioners.DefaultPartitioner;

/** Consumer settings that notice rebalances within a fraction of a second. */
export const quickConsumer = {
  sessionTimeout: 6_000,
  rebalanceTimeout: 6_000,
  heartbeatInterval: 100,
  maxWaitTimeInMs: 100,
  retry: { retries: 4, initialRetryTime: 50, maxRetryTime: 500 },
};

/** Resolves once `predicate` holds, polling every 20 ms; rejects with `what` after `timeoutMs`. */
export async function eventually(
  predicate: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 8_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Runs the consumer, collecting every message it is given. */
export function collect(consumer: Consumer, options: { autoCommit?: boolean } = {}): EachMessagePayload[] {
  const seen: EachMessagePayload[] = [];
  void consumer.run({
    ...options,
    eachMessage: (payload) => {
      seen.push(payload);
      return Promise.resolve();
    },
  });
  return seen;
}

/**
 * One raw request on a fresh connection: for what kafkajs would never send. Resolves with
 * the response body (after the correlation id), or null when the broker closes the connection.
 */
export function rawRequest(
  port: number,
  apiKey: number,
  apiVersion: number,
  body: Buffer,
  frame?: Buffer,
): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    const request =
      frame ??
      (() => {
        const payload = new WireWriter()
          .int16(apiKey)
          .int16(apiVersion)
          .int32(7)
          .string('raw-test')
          .raw(body)
          .toBuffer();
        return new WireWriter().int32(payload.length).raw(payload).toBuffer();
      })();
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 4 && received.length >= 4 + received.readInt32BE(0)) {
        if (received.readInt32BE(4) !== 7) reject(new Error('Wrong correlation id'));
        resolve(received.subarray(8, 4 + received.readInt32BE(0)));
        socket.destroy();
      }
    });
    socket.on('close', () => resolve(null));
    socket.on('error', reject);
  });
}
