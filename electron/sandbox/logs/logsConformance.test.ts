import {
  type CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  type FilteredLogEvent,
  GetLogEventsCommand,
  InvalidParameterException,
  ResourceNotFoundException,
  ThrottlingException,
} from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxServiceNames } from '../fleetCatalogue';
import { startTestSandbox, type TestSandbox } from '../../testing/sandboxTestHarness';
import { sandboxLogsClient } from '../../testing/logsTestClient';

/** The sandbox's CloudWatch Logs endpoint through the real SDK, on the ECS endpoint's port. */

const paymentGroup = '/ecs/flarenet/payment-service';
const minute = 60_000;

let harness: TestSandbox;
let logs: CloudWatchLogsClient;
let now: number;

beforeAll(async () => {
  harness = await startTestSandbox();
  logs = sandboxLogsClient(harness.sandbox.ecsEndpoint);
  now = harness.clock.now();
});

afterAll(async () => {
  logs.destroy();
  await harness.close();
});

function tasksOf(cluster: string, service: string): string[] {
  return harness.sandbox.simulation
    .findCluster(cluster)!
    .services.get(service)!
    .tasks.map((task) => task.id);
}

async function filterAll(
  input: ConstructorParameters<typeof FilterLogEventsCommand>[0],
): Promise<FilteredLogEvent[]> {
  const events: FilteredLogEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await logs.send(new FilterLogEventsCommand({ ...input, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

describe('DescribeLogGroups', () => {
  it('lists a group per service, from the task definitions’ awslogs configuration', async () => {
    const answer = await logs.send(new DescribeLogGroupsCommand({}));
    expect(answer.logGroups!.map((group) => group.logGroupName)).toEqual(
      sandboxServiceNames.map((name) => `/ecs/flarenet/${name}`).sort(),
    );
    const payment = answer.logGroups!.find((group) => group.logGroupName === paymentGroup)!;
    expect(payment.logGroupArn).toBe(`arn:aws:logs:us-east-1:000000000000:log-group:${paymentGroup}`);
    expect(payment.arn).toBe(`${payment.logGroupArn}:*`);
    expect(payment.creationTime).toBeLessThan(now);
    expect(payment.storedBytes).toBeGreaterThan(0);
  });

  it('narrows by prefix or by substring pattern, and pages with limit', async () => {
    const byPrefix = await logs.send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: '/ecs/flarenet/pay' }),
    );
    expect(byPrefix.logGroups!.map((group) => group.logGroupName)).toEqual([paymentGroup]);
    const byPattern = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePattern: 'order' }));
    expect(byPattern.logGroups).toEqual([
      expect.objectContaining({ logGroupName: '/ecs/flarenet/order-service' }),
    ]);
    expect(byPattern.logGroups![0]!.retentionInDays).toBeUndefined();

    const names: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await logs.send(new DescribeLogGroupsCommand({ limit: 4, nextToken }));
      expect(page.logGroups!.length).toBeLessThanOrEqual(4);
      names.push(...page.logGroups!.map((group) => group.logGroupName!));
      nextToken = page.nextToken;
      pages++;
    } while (nextToken);
    expect(pages).toBe(3);
    expect(names).toHaveLength(sandboxServiceNames.length);
  });

  it('refuses a prefix with a pattern, and a token from another list', async () => {
    await expect(
      logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/ecs', logGroupNamePattern: 'pay' })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: paymentGroup, limit: 1 }));
    await expect(
      logs.send(new DescribeLogGroupsCommand({ nextToken: streams.nextToken })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
  });
});

describe('DescribeLogStreams', () => {
  it('has a stream <prefix>/<container>/<taskId> per task that ran, in every cluster', async () => {
    const answer = await logs.send(new DescribeLogStreamsCommand({ logGroupName: paymentGroup }));
    const expected = [
      ...tasksOf('flarenet-staging', 'payment-service'),
      ...tasksOf('flarenet-production', 'payment-service'),
    ].map((id) => `payment-service/payment-service/${id}`);
    expect(answer.logStreams!.map((stream) => stream.logStreamName)).toEqual(expected.sort());
    for (const stream of answer.logStreams!) {
      expect(stream.firstEventTimestamp).toBeLessThanOrEqual(stream.lastEventTimestamp!);
      expect(stream.lastEventTimestamp).toBeGreaterThan(now - minute);
      expect(stream.lastIngestionTime).toBeLessThanOrEqual(now);
      expect(stream.arn).toBe(
        `arn:aws:logs:us-east-1:000000000000:log-group:${paymentGroup}:log-stream:${stream.logStreamName}`,
      );
    }
  });

  it('takes the group by ARN, orders by last event time and pages', async () => {
    const byArn = await logs.send(
      new DescribeLogStreamsCommand({
        logGroupIdentifier: `arn:aws:logs:us-east-1:000000000000:log-group:${paymentGroup}`,
        orderBy: 'LastEventTime',
        descending: true,
      }),
    );
    const times = byArn.logStreams!.map((stream) => stream.lastEventTimestamp!);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const first = await logs.send(new DescribeLogStreamsCommand({ logGroupName: paymentGroup, limit: 2 }));
    const rest = await logs.send(
      new DescribeLogStreamsCommand({ logGroupName: paymentGroup, limit: 50, nextToken: first.nextToken }),
    );
    expect(first.logStreams).toHaveLength(2);
    expect([...first.logStreams!, ...rest.logStreams!].map((stream) => stream.logStreamName)).toEqual(
      byArn.logStreams!.map((stream) => stream.logStreamName).sort(),
    );
    expect(rest.nextToken).toBeUndefined();
  });

  it('answers an unknown group with ResourceNotFoundException and two names for it with InvalidParameterException', async () => {
    await expect(
      logs.send(new DescribeLogStreamsCommand({ logGroupName: '/ecs/flarenet/nope' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(
      logs.send(
        new DescribeLogStreamsCommand({ logGroupName: paymentGroup, logGroupIdentifier: paymentGroup }),
      ),
    ).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(
      logs.send(
        new DescribeLogStreamsCommand({
          logGroupName: paymentGroup,
          orderBy: 'LastEventTime',
          logStreamNamePrefix: 'p',
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidParameterException);
  });
});

describe('FilterLogEvents', () => {
  const window = () => ({ logGroupName: paymentGroup, startTime: now - 3 * minute, endTime: now - minute });

  it('returns the group’s events in the time range, in order, the same every time', async () => {
    const events = await filterAll(window());
    expect(events.length).toBeGreaterThan(100);
    const streams = new Set(events.map((event) => event.logStreamName));
    expect(streams.size).toBe(tasksOf('flarenet-staging', 'payment-service').length + 3);
    for (const event of events) {
      expect(event.timestamp).toBeGreaterThanOrEqual(now - 3 * minute);
      expect(event.timestamp).toBeLessThanOrEqual(now - minute);
      expect(event.ingestionTime).toBeGreaterThan(event.timestamp!);
      expect(event.eventId).toMatch(/^\d{56}$/);
    }
    const times = events.map((event) => event.timestamp!);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(events.map((event) => event.eventId)).size).toBe(events.length);
    expect(await filterAll(window())).toEqual(events);
  });

  it('pages with limit and nextToken through exactly the same events', async () => {
    const whole = await filterAll(window());
    const paged: FilteredLogEvent[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await logs.send(new FilterLogEventsCommand({ ...window(), limit: 37, nextToken }));
      expect(page.events!.length).toBeLessThanOrEqual(37);
      expect(page.searchedLogStreams).toEqual([]);
      paged.push(...page.events!);
      nextToken = page.nextToken;
      pages++;
    } while (nextToken);
    expect(pages).toBeGreaterThan(2);
    expect(paged.map((event) => event.eventId)).toEqual(whole.map((event) => event.eventId));
  });

  it('returns the newest first with startFromHead false', async () => {
    const whole = await filterAll(window());
    const newest = await logs.send(
      new FilterLogEventsCommand({ ...window(), startFromHead: false, limit: 5 }),
    );
    expect(newest.events!.map((event) => event.eventId)).toEqual(
      whole
        .slice(-5)
        .reverse()
        .map((event) => event.eventId),
    );
  });

  it('narrows to named streams or a stream prefix', async () => {
    const [stream] = tasksOf('flarenet-production', 'payment-service').map(
      (id) => `payment-service/payment-service/${id}`,
    );
    const named = await filterAll({ ...window(), logStreamNames: [stream!] });
    expect(named.length).toBeGreaterThan(0);
    expect(new Set(named.map((event) => event.logStreamName))).toEqual(new Set([stream]));
    const prefixed = await filterAll({ ...window(), logStreamNamePrefix: stream!.slice(0, -20) });
    expect(prefixed.map((event) => event.eventId)).toEqual(named.map((event) => event.eventId));
  });

  const patterns: Array<[string, string, (message: string) => boolean]> = [
    ['a term', 'refunds', (m) => m.includes('refunds')],
    ['terms that must all appear', 'POST 201', (m) => m.includes('POST') && m.includes('201')],
    ['a quoted phrase', '"GET /v1/payments/"', (m) => m.includes('GET /v1/payments/')],
    ['any of ?terms', '?refunds ?WARN', (m) => m.includes('refunds') || m.includes('WARN')],
    ['an excluded -term', 'POST -refunds', (m) => m.includes('POST') && !m.includes('refunds')],
    ['a JSON string comparison', '{ $.level = "WARN" }', (m) => parsed(m).level === 'WARN'],
    [
      'a JSON != comparison',
      '{ $.method != "POST" }',
      (m) => 'method' in parsed(m) && parsed(m).method !== 'POST',
    ],
    ['a JSON number comparison', '{ $.duration_ms > 200 }', (m) => Number(parsed(m).duration_ms) > 200],
    [
      'JSON comparisons joined with && and ||',
      '{ ($.status = 201 && $.duration_ms < 100) || $.level = "ERROR" }',
      (m) => (parsed(m).status === 201 && Number(parsed(m).duration_ms) < 100) || parsed(m).level === 'ERROR',
    ],
    [
      'a regular expression',
      '%GET /v1/payments/pay_[A-Za-z0-9]+ 200%',
      (m) => /GET \/v1\/payments\/pay_[A-Za-z0-9]+ 200/.test(m),
    ],
  ];

  it.each(patterns)(
    'applies %s (%s) to exactly the matching events',
    async (_name, filterPattern, matches) => {
      const all = await filterAll(window());
      const filtered = await filterAll({ ...window(), filterPattern });
      const expected = all.filter((event) => matches(event.message!));
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(all.length);
      expect(filtered.map((event) => event.eventId)).toEqual(expected.map((event) => event.eventId));
    },
  );

  it('answers bad requests in the shape CloudWatch Logs uses', async () => {
    await expect(
      logs.send(new FilterLogEventsCommand({ ...window(), filterPattern: '"unterminated' })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(
      logs.send(new FilterLogEventsCommand({ ...window(), filterPattern: '{ $.level == "ERROR" }' })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(
      logs.send(new FilterLogEventsCommand({ ...window(), logStreamNames: ['a'], logStreamNamePrefix: 'a' })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(
      logs.send(new FilterLogEventsCommand({ logGroupName: paymentGroup, startTime: now, endTime: now - 1 })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(
      logs.send(new FilterLogEventsCommand({ ...window(), nextToken: 'bm90LWEtdG9rZW4' })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(
      logs.send(new FilterLogEventsCommand({ logGroupName: '/ecs/flarenet/nope' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});

describe('GetLogEvents', () => {
  const streamName = () =>
    `payment-service/payment-service/${tasksOf('flarenet-production', 'payment-service')[0]}`;

  it('reads a stream from its head: the container’s startup first, then forward without gaps', async () => {
    const head = await logs.send(
      new GetLogEventsCommand({
        logGroupName: paymentGroup,
        logStreamName: streamName(),
        startFromHead: true,
        limit: 4,
      }),
    );
    expect(head.events).toHaveLength(4);
    expect(parsed(head.events![0]!.message!).message).toMatch(/^Starting payment-service v\d+\.\d+\.\d+$/);
    const next = await logs.send(
      new GetLogEventsCommand({
        logGroupName: paymentGroup,
        logStreamName: streamName(),
        startFromHead: true,
        limit: 4,
        nextToken: head.nextForwardToken,
      }),
    );
    const both = await logs.send(
      new GetLogEventsCommand({
        logGroupName: paymentGroup,
        logStreamName: streamName(),
        startFromHead: true,
        limit: 8,
      }),
    );
    expect([...head.events!, ...next.events!]).toEqual(both.events);
  });

  it('reads the newest events by default, backward with nextBackwardToken, and repeats the token at the end', async () => {
    const latest = await logs.send(
      new GetLogEventsCommand({ logGroupName: paymentGroup, logStreamName: streamName(), limit: 5 }),
    );
    expect(latest.events).toHaveLength(5);
    expect(latest.events!.at(-1)!.timestamp).toBeGreaterThan(now - minute);
    const earlier = await logs.send(
      new GetLogEventsCommand({
        logGroupName: paymentGroup,
        logStreamName: streamName(),
        limit: 5,
        nextToken: latest.nextBackwardToken,
      }),
    );
    expect(earlier.events!.at(-1)!.timestamp).toBeLessThanOrEqual(latest.events![0]!.timestamp!);
    const ten = await logs.send(
      new GetLogEventsCommand({ logGroupName: paymentGroup, logStreamName: streamName(), limit: 10 }),
    );
    expect([...earlier.events!, ...latest.events!]).toEqual(ten.events);

    const end = await logs.send(
      new GetLogEventsCommand({
        logGroupName: paymentGroup,
        logStreamName: streamName(),
        startFromHead: true,
        nextToken: latest.nextForwardToken,
      }),
    );
    expect(end.events).toEqual([]);
    expect(end.nextForwardToken).toBe(latest.nextForwardToken);
  });

  it('leaves out events at endTime, and answers an unknown stream with ResourceNotFoundException', async () => {
    const latest = await logs.send(
      new GetLogEventsCommand({ logGroupName: paymentGroup, logStreamName: streamName(), limit: 1 }),
    );
    const before = await logs.send(
      new GetLogEventsCommand({
        logGroupName: paymentGroup,
        logStreamName: streamName(),
        limit: 1,
        endTime: latest.events![0]!.timestamp,
      }),
    );
    expect(before.events![0]!.timestamp).toBeLessThan(latest.events![0]!.timestamp!);
    await expect(
      logs.send(
        new GetLogEventsCommand({ logGroupName: paymentGroup, logStreamName: 'payment-service/nope' }),
      ),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});

describe('logs that follow the fleet', () => {
  it('spikes ERROR lines for a service during a bad deploy, and its failing tasks’ streams end with their end', async () => {
    const errors = { logGroupName: paymentGroup, filterPattern: '{ $.level = "ERROR" }' };
    const deployedAt = harness.clock.now();
    const before = await filterAll({ ...errors, startTime: deployedAt - minute, endTime: deployedAt });
    await harness.sandbox.runScenario({
      kind: 'bad-deploy',
      cluster: 'flarenet-production',
      service: 'payment-service',
    });
    harness.sandbox.advance(minute);
    const during = await filterAll({ ...errors, startTime: deployedAt, endTime: deployedAt + minute });
    expect(during.length).toBeGreaterThan(5 * Math.max(1, before.length));
    expect(during.some((event) => event.message!.includes('connection refused to payments-db'))).toBe(true);

    const production = harness.sandbox.simulation
      .findCluster('flarenet-production')!
      .services.get('payment-service')!;
    const failed = production.tasks.filter(
      (task) => task.outcome !== 'healthy' && task.task.startedAt && task.task.lastStatus === 'STOPPED',
    );
    expect(failed.length).toBeGreaterThan(0);
    for (const task of failed) {
      const tail = await logs.send(
        new GetLogEventsCommand({
          logGroupName: paymentGroup,
          logStreamName: `payment-service/payment-service/${task.id}`,
          limit: 1,
        }),
      );
      const last = parsed(tail.events![0]!.message!);
      expect(last.level).toBe('ERROR');
      expect(last.message).toMatch(/^(Killed before becoming healthy|Process exiting with code 1)/);
    }
  });

  it('throttles past the configured request rate with ThrottlingException', async () => {
    const limited = await startTestSandbox({ logs: { requestsPerSecond: 2 } });
    const client = sandboxLogsClient(limited.sandbox.ecsEndpoint);
    try {
      const answers = await Promise.allSettled(
        Array.from({ length: 5 }, () => client.send(new DescribeLogGroupsCommand({}))),
      );
      const refused = answers.filter(
        (answer): answer is PromiseRejectedResult => answer.status === 'rejected',
      );
      expect(answers.filter((answer) => answer.status === 'fulfilled')).toHaveLength(2);
      for (const answer of refused) expect(answer.reason).toBeInstanceOf(ThrottlingException);
    } finally {
      client.destroy();
      await limited.close();
    }
  });
});

function parsed(message: string): Record<string, unknown> {
  try {
    return JSON.parse(message) as Record<string, unknown>;
  } catch {
    return {};
  }
}
