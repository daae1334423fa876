import {
  AccessDeniedException,
  InvalidParameterException,
  type LiveTailSessionLogEvent,
  ResourceNotFoundException,
  SessionTimeoutException,
  StartLiveTailCommand,
  type StartLiveTailResponseStream,
} from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../testing/sandboxTestHarness';
import { sandboxLogsClient } from '../../testing/logsTestClient';

/** StartLiveTail through the SDK's own event-stream decoder, against the sandbox over HTTP. */

const groupArn = (service: string) =>
  `arn:aws:logs:us-east-1:000000000000:log-group:/ecs/flarenet/${service}`;

let harness: TestSandbox;

beforeAll(async () => {
  harness = await startTestSandbox({ logs: { liveTailUpdateMs: 40 } });
});

afterAll(async () => {
  await harness.close();
});

/** Opens a session and reads updates, advancing the sandbox's clock a second before each, until `enough` says so. */
async function tail(
  input: ConstructorParameters<typeof StartLiveTailCommand>[0],
  enough: (results: LiveTailSessionLogEvent[], updates: number) => boolean,
): Promise<{
  start: StartLiveTailResponseStream['sessionStart'];
  results: LiveTailSessionLogEvent[];
  updates: number;
}> {
  const client = sandboxLogsClient(harness.sandbox.ecsEndpoint);
  const abort = new AbortController();
  try {
    const response = await client.send(new StartLiveTailCommand(input), { abortSignal: abort.signal });
    let start: StartLiveTailResponseStream['sessionStart'];
    const results: LiveTailSessionLogEvent[] = [];
    let updates = 0;
    for await (const event of response.responseStream!) {
      if (event.sessionStart) start = event.sessionStart;
      if (event.sessionUpdate) {
        updates++;
        results.push(...(event.sessionUpdate.sessionResults ?? []));
        if (enough(results, updates) || updates > 200) break;
      }
      harness.sandbox.advance(1000);
    }
    return { start, results, updates };
  } finally {
    abort.abort();
    client.destroy();
  }
}

describe('StartLiveTail', () => {
  it('starts with sessionStart, then sends the group’s new lines in sessionUpdate events', async () => {
    const startedAt = harness.clock.now();
    const { start, results } = await tail(
      { logGroupIdentifiers: [groupArn('order-service')] },
      (lines) => lines.length >= 20,
    );
    expect(start?.logGroupIdentifiers).toEqual([groupArn('order-service')]);
    expect(start?.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(results.length).toBeGreaterThanOrEqual(20);
    for (const line of results) {
      expect(line.logGroupIdentifier).toBe(groupArn('order-service'));
      expect(line.logStreamName).toMatch(/^order-service\/order-service\/[0-9a-f]{32}$/);
      expect(line.ingestionTime).toBeGreaterThan(startedAt);
      expect(line.ingestionTime).toBeGreaterThan(line.timestamp!);
    }
    expect(
      new Set(results.map((line) => `${line.logStreamName}|${line.timestamp}|${line.message}`)).size,
    ).toBe(results.length);
  });

  it('shows ERROR lines of payment-service once a bad deploy starts, filtered on the server', async () => {
    await harness.sandbox.runScenario({
      kind: 'bad-deploy',
      cluster: 'flarenet-production',
      service: 'payment-service',
    });
    const { start, results } = await tail(
      { logGroupIdentifiers: [groupArn('payment-service')], logEventFilterPattern: '{ $.level = "ERROR" }' },
      (lines) => lines.some((line) => line.message!.includes('connection refused to payments-db')),
    );
    expect(start?.logEventFilterPattern).toBe('{ $.level = "ERROR" }');
    expect(results.length).toBeGreaterThan(0);
    for (const line of results)
      expect(JSON.parse(line.message!)).toMatchObject({ level: 'ERROR', service: 'payment-service' });
    expect(results.some((line) => line.message!.includes('connection refused to payments-db'))).toBe(true);
  });

  it('narrows to stream prefixes', async () => {
    const task = harness.sandbox.simulation.findCluster('flarenet-staging')!.services.get('api-gateway')!
      .tasks[0]!;
    const prefix = `api-gateway/api-gateway/${task.id}`;
    const { results } = await tail(
      { logGroupIdentifiers: [groupArn('api-gateway')], logStreamNamePrefixes: [prefix] },
      (lines) => lines.length >= 3,
    );
    expect(new Set(results.map((line) => line.logStreamName))).toEqual(new Set([prefix]));
  });

  it('ends with SessionTimeoutException at the session’s maximum duration', async () => {
    const short = await startTestSandbox({ logs: { liveTailUpdateMs: 20, liveTailMaxDurationMs: 100 } });
    const client = sandboxLogsClient(short.sandbox.ecsEndpoint);
    try {
      const response = await client.send(
        new StartLiveTailCommand({ logGroupIdentifiers: [groupArn('user-service')] }),
      );
      const read = async () => {
        for await (const event of response.responseStream!) void event;
      };
      await expect(read()).rejects.toBeInstanceOf(SessionTimeoutException);
    } finally {
      client.destroy();
      await short.close();
    }
  });

  it('refuses group names, unknown groups and stream filters over several groups before streaming', async () => {
    const client = sandboxLogsClient(harness.sandbox.ecsEndpoint);
    try {
      await expect(
        client.send(new StartLiveTailCommand({ logGroupIdentifiers: ['/ecs/flarenet/order-service'] })),
      ).rejects.toBeInstanceOf(InvalidParameterException);
      await expect(
        client.send(new StartLiveTailCommand({ logGroupIdentifiers: [groupArn('nope')] })),
      ).rejects.toBeInstanceOf(ResourceNotFoundException);
      await expect(
        client.send(
          new StartLiveTailCommand({
            logGroupIdentifiers: [groupArn('order-service'), groupArn('user-service')],
            logStreamNamePrefixes: ['order-service/'],
          }),
        ),
      ).rejects.toBeInstanceOf(InvalidParameterException);
    } finally {
      client.destroy();
    }
  });

  it('answers AccessDeniedException where the account does not allow live tail', async () => {
    const denied = await startTestSandbox({ logs: { liveTail: 'access-denied' } });
    const client = sandboxLogsClient(denied.sandbox.ecsEndpoint);
    try {
      const refusal = client.send(
        new StartLiveTailCommand({ logGroupIdentifiers: [groupArn('order-service')] }),
      );
      await expect(refusal).rejects.toBeInstanceOf(AccessDeniedException);
      await expect(refusal).rejects.toThrow(/not authorized to perform: logs:StartLiveTail/);
    } finally {
      client.destroy();
      await denied.close();
    }
  });
});
