import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseLogLevel, taskIdOfStream } from '../../../shared/logs/logLevel';
import { ConsoleError } from '../ipc/consoleError';
import { sandboxLogsClient } from '../../testing/logsTestClient';
import { type LogHarness, startLogHarness, taskIdsOf } from '../../testing/logTestHarness';

/** Tails, searches and error counts against the sandbox's Logs endpoint, through the real SDK. */

const harnesses: LogHarness[] = [];

async function harness(...args: Parameters<typeof startLogHarness>): Promise<LogHarness> {
  const started = await startLogHarness(...args);
  harnesses.push(started);
  return started;
}

afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((started) => started.close()));
});

const payment = { cluster: 'flarenet-production', service: 'payment-service' };

describe('a log tail', () => {
  it('uses live tail and delivers only this cluster’s tasks’ lines from a group the clusters share', async () => {
    const h = await harness();
    const tail = h.tail(payment);
    h.run();
    await tail.until((t) => t.lines().length >= 30, '30 lines');
    const [first] = tail.statuses();
    expect(first).toMatchObject({ state: 'starting', source: null });
    const running = tail.statuses().find((status) => status.state === 'running')!;
    expect(running).toMatchObject({
      mode: 'live-tail',
      fallbackReason: null,
      source: {
        logGroup: '/ecs/flarenet/payment-service',
        region: 'us-east-1',
        streamPrefix: 'payment-service',
        containerName: 'payment-service',
      },
    });
    const production = taskIdsOf(h.sandbox, 'flarenet-production', 'payment-service');
    for (const line of tail.lines()) {
      expect(production.has(line.taskId!)).toBe(true);
      expect(line.level).toBe(parseLogLevel(line.message));
    }
    await tail.until(
      (t) => t.events.some((event) => event.type === 'lines' && event.excluded > 0),
      'lines of staging tasks to be left out',
    );
    const last = tail.events.findLast((event) => event.type === 'lines');
    if (last?.type !== 'lines') throw new Error('expected a batch of lines');
    expect(last.dropped).toBe(0);
    expect(last.received).toBeGreaterThanOrEqual(tail.lines().length);
    expect(last.linesPerSecond).toBeGreaterThan(0);
  });

  it.each([
    ['access-denied', /not authorized to perform: logs:StartLiveTail/],
    ['unsupported', /UnknownOperationException/],
  ] as const)(
    'falls back to polling FilterLogEvents where live tail is %s, and says why',
    async (liveTail, reason) => {
      const h = await harness({ sandbox: { logs: { liveTail } } });
      const tail = h.tail(payment);
      h.run();
      await tail.until((t) => t.lines().length >= 20, '20 polled lines');
      const polling = tail.statuses().find((status) => status.mode === 'polling')!;
      expect(polling.state).toBe('running');
      expect(polling.fallbackReason).toMatch(reason);
      expect(tail.statuses().some((status) => status.mode === 'live-tail')).toBe(false);
      const ids = tail.lines().map((line) => line.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(/^\d{56}$/);
      const times = tail.lines().map((line) => line.timestamp);
      expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.UTC(2025, 5, 2, 9, 0, 0) - 10_000);
    },
  );

  it('starts with the lines of sinceMs before now, and passes the filter pattern to CloudWatch', async () => {
    const h = await harness();
    await h.sandbox.runScenario({ kind: 'bad-deploy', ...payment });
    h.sandbox.advance(10_000);
    const since = h.clock.now() - 60_000;
    const tail = h.tail({ ...payment, filterPattern: '{ $.level = "ERROR" }', sinceMs: 60_000 });
    await tail.until(
      (t) => t.lines().some((line) => line.message.includes('connection refused to payments-db')),
      'an error of the bad deploy',
    );
    for (const line of tail.lines()) {
      expect(line.level).toBe('ERROR');
      expect(line.timestamp).toBeGreaterThanOrEqual(since);
    }
    expect(tail.statuses().at(-1)!.filterPattern).toBe('{ $.level = "ERROR" }');
  });

  it('holds lines while paused and delivers them on resume, counting what an overflowing backlog lost', async () => {
    const h = await harness({ service: { tail: { backlogLimit: 15 } } });
    const tail = h.tail(payment);
    h.run();
    await tail.until((t) => t.lines().length > 0, 'first lines');
    const { tailId } = tail.statuses()[0]!;
    h.logs.setPaused(tailId, true);
    const before = tail.lines().length;
    await tail.until((t) => (t.statuses().at(-1)?.droppedWhilePaused ?? 0) > 0, 'the backlog to overflow');
    const paused = tail.statuses().at(-1)!;
    expect(paused).toMatchObject({ state: 'paused', backlog: 15 });
    expect(tail.lines()).toHaveLength(before);

    h.hold();
    h.logs.setPaused(tailId, false);
    await tail.until((t) => t.lines().length >= before + 15, 'the backlog');
    expect(tail.statuses().at(-1)).toMatchObject({ state: 'running', backlog: 0 });
    const last = tail.events.findLast((event) => event.type === 'lines')!;
    if (last.type !== 'lines') throw new Error('expected lines');
    expect(last.dropped).toBeGreaterThanOrEqual(paused.droppedWhilePaused);
    expect(last.received).toBe(tail.lines().length + last.dropped);
  });

  it('stops with NOT_FOUND for a service the cluster does not run', async () => {
    const h = await harness();
    const tail = h.tail({ cluster: 'flarenet-production', service: 'nope-service' });
    await tail.until((t) => t.ended !== null, 'the tail to end');
    expect(tail.ended).toMatchObject({ code: 'NOT_FOUND' });
    expect(tail.statuses().at(-1)).toMatchObject({ state: 'stopped', error: { code: 'NOT_FOUND' } });
    expect(() => h.logs.setPaused('nope', true)).toThrow(ConsoleError);
  });
});

describe('searches and error counts', () => {
  it('searches one cluster’s lines of the service, leaving out the other cluster’s', async () => {
    const h = await harness();
    const end = h.clock.now();
    const start = end - 2 * 60_000;
    const result = await h.logs.search({
      ...payment,
      filterPattern: 'POST',
      startTime: start,
      endTime: end,
      limit: 10_000,
    });
    const client = sandboxLogsClient(h.sandbox.ecsEndpoint);
    const direct = await client.send(
      new FilterLogEventsCommand({
        logGroupName: '/ecs/flarenet/payment-service',
        filterPattern: 'POST',
        startTime: start,
        endTime: end,
      }),
    );
    client.destroy();
    const production = taskIdsOf(h.sandbox, 'flarenet-production', 'payment-service');
    const ours = direct.events!.filter((event) => production.has(taskIdOfStream(event.logStreamName!)!));
    expect(result.lines.map((line) => line.id)).toEqual(ours.map((event) => event.eventId));
    expect(result.excluded).toBe(direct.events!.length - ours.length);
    expect(result.excluded).toBeGreaterThan(0);
    expect(result.truncated).toBe(false);

    const limited = await h.logs.search({
      ...payment,
      filterPattern: 'POST',
      startTime: start,
      endTime: end,
      limit: 5,
    });
    expect(limited.lines.map((line) => line.id)).toEqual(ours.slice(0, 5).map((event) => event.eventId));
    expect(limited.truncated).toBe(true);
  });

  it('counts ERROR lines per bucket: a bad deploy stands out', async () => {
    const h = await harness();
    h.sandbox.advance(5 * 60_000);
    await h.sandbox.runScenario({ kind: 'bad-deploy', ...payment });
    h.sandbox.advance(60_000);
    const rate = await h.logs.errorRate({ ...payment, windowMs: 6 * 60_000, bucketMs: 60_000 });
    expect(rate.buckets.length).toBeGreaterThanOrEqual(6);
    expect(rate.buckets.reduce((sum, bucket) => sum + bucket.errors, 0)).toBe(rate.total);
    const deployBucket = rate.buckets.at(-2)!.errors + rate.buckets.at(-1)!.errors;
    const quiet = rate.buckets.slice(0, -2).map((bucket) => bucket.errors);
    expect(deployBucket).toBeGreaterThan(5 * Math.max(1, ...quiet));

    const search = await h.logs.search({
      ...payment,
      filterPattern: '',
      startTime: rate.from,
      endTime: rate.to,
      limit: 10_000,
    });
    expect(search.lines.filter((line) => line.level === 'ERROR')).toHaveLength(rate.total);
  });

  it('answers NOT_FOUND for a cluster the console does not watch', async () => {
    const h = await harness();
    await expect(
      h.logs.search({
        cluster: 'elsewhere',
        service: 'payment-service',
        filterPattern: '',
        startTime: 0,
        endTime: 1,
        limit: 1,
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
