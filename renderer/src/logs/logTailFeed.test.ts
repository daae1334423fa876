import { describe, expect, it } from 'vitest';
import { logsTail, logsTailSetPaused } from '../../../shared/ipc/logs';
import type { LogLine, LogTailStatus } from '../../../shared/logs/logModel';
import { ScriptedConsole } from '../testing/scriptedConsole';
import { logTargetFromQuery, meetsLevel, queryForLogs } from './logFilters';
import { LogTail } from './logTailFeed';

function line(n: number, level: LogLine['level'] = 'INFO'): LogLine {
  return {
    id: `line-${n}`,
    timestamp: 1_700_000_000_000 + n,
    stream: 'ecs/payment-service/0123456789abcdef0123456789abcdef',
    taskId: '0123456789abcdef0123456789abcdef',
    level,
    message: `${level} request ${n}`,
    truncated: false,
  };
}

function status(overrides: Partial<LogTailStatus> = {}): LogTailStatus {
  return {
    type: 'status',
    tailId: 'tail-1',
    state: 'running',
    mode: 'polling',
    source: {
      logGroup: '/ecs/flarenet/payment-service',
      region: 'us-east-1',
      streamPrefix: 'ecs',
      containerName: 'payment-service',
      taskDefinitionArn: 'arn:aws:ecs:us-east-1:0:task-definition/payment-service:4',
    },
    filterPattern: null,
    fallbackReason: 'live tail is not available for this account',
    error: null,
    backlog: 0,
    droppedWhilePaused: 0,
    ...overrides,
  };
}

function setUp(limit = 5_000) {
  const main = new ScriptedConsole();
  const frames: (() => void)[] = [];
  const tail = new LogTail(main.client, { limit, schedule: (flush) => frames.push(flush), sinceMs: 60_000 });
  let notified = 0;
  tail.subscribe(() => (notified += 1));
  return {
    main,
    tail,
    runFrames: () => frames.splice(0).forEach((flush) => flush()),
    notifications: () => notified,
    stream: () => {
      const [id] = main.openStreams(logsTail.name);
      if (id === undefined) throw new Error('the tail did not subscribe');
      return id;
    },
  };
}

describe('log tail', () => {
  it('subscribes for the service and pattern, and takes batches in once per frame', () => {
    const { main, tail, runFrames, notifications, stream } = setUp();
    tail.start({ cluster: 'flarenet-production', service: 'payment-service', filterPattern: ' ERROR ' });
    expect(main.sent.find((sent) => sent.type === 'subscribe')).toMatchObject({
      channel: logsTail.name,
      params: {
        cluster: 'flarenet-production',
        service: 'payment-service',
        filterPattern: 'ERROR',
        sinceMs: 60_000,
      },
    });
    const id = stream();
    const afterStart = notifications();
    main.emit(id, status());
    for (let batch = 0; batch < 4; batch++) {
      main.emit(id, {
        type: 'lines',
        lines: [line(batch * 2, 'ERROR'), line(batch * 2 + 1)],
        linesPerSecond: 1200,
        received: (batch + 1) * 2,
        dropped: 0,
        excluded: 3,
      });
    }
    expect(notifications()).toBe(afterStart);
    runFrames();
    expect(notifications()).toBe(afterStart + 1);
    const view = tail.getView();
    expect(view).toMatchObject({
      phase: 'running',
      tailId: 'tail-1',
      mode: 'polling',
      fallbackReason: 'live tail is not available for this account',
      received: 8,
      excluded: 3,
      linesPerSecond: 1200,
    });
    expect(view.source?.logGroup).toBe('/ecs/flarenet/payment-service');
    expect(view.buffer.entries.map((entry) => entry.line.id)).toEqual(
      Array.from({ length: 8 }, (_, n) => `line-${n}`),
    );
  });

  it('keeps only the newest lines, and a new pattern starts a new tail', () => {
    const { main, tail, runFrames, stream } = setUp(3);
    tail.start({ cluster: 'flarenet-production', service: 'payment-service', filterPattern: '' });
    const first = stream();
    main.emit(first, {
      type: 'lines',
      lines: [1, 2, 3, 4, 5].map((n) => line(n)),
      linesPerSecond: 5,
      received: 5,
      dropped: 0,
      excluded: 0,
    });
    runFrames();
    expect(tail.getView().buffer.entries.map((entry) => entry.line.id)).toEqual([
      'line-3',
      'line-4',
      'line-5',
    ]);
    expect(tail.getView().buffer.evicted).toBe(2);

    tail.start({ cluster: 'flarenet-production', service: 'payment-service', filterPattern: 'WARN' });
    expect(main.openStreams(logsTail.name)).not.toContain(first);
    expect(main.openStreams(logsTail.name)).toHaveLength(1);
    expect(tail.getView().buffer.entries).toHaveLength(0);
    expect(tail.getView().phase).toBe('starting');
  });

  it('pauses by its id, shows what main holds meanwhile, and resumes', async () => {
    const { main, tail, runFrames, stream } = setUp();
    tail.start({ cluster: 'flarenet-production', service: 'payment-service', filterPattern: '' });
    const id = stream();
    main.emit(id, status({ mode: 'live-tail', fallbackReason: null }));
    runFrames();
    const pausing = tail.setPaused(true);
    expect(tail.getView().pausePending).toBe(true);
    expect(main.answer(logsTailSetPaused.name, { ok: true, value: { paused: true } })).toEqual({
      tailId: 'tail-1',
      paused: true,
    });
    await pausing;
    expect(tail.getView().phase).toBe('paused');
    main.emit(
      id,
      status({
        state: 'paused',
        mode: 'live-tail',
        fallbackReason: null,
        backlog: 420,
        droppedWhilePaused: 7,
      }),
    );
    runFrames();
    expect(tail.getView()).toMatchObject({ phase: 'paused', backlog: 420, droppedWhilePaused: 7 });

    const resuming = tail.setPaused(false);
    main.answer(logsTailSetPaused.name, { ok: true, value: { paused: false } });
    await resuming;
    expect(tail.getView().phase).toBe('running');
  });

  it('stops when main ends the stream, saying why, and keeps what arrived', () => {
    const { main, tail, runFrames, stream } = setUp();
    tail.start({ cluster: 'flarenet-production', service: 'payment-service', filterPattern: '' });
    const id = stream();
    main.emit(id, {
      type: 'lines',
      lines: [line(1)],
      linesPerSecond: 1,
      received: 1,
      dropped: 0,
      excluded: 0,
    });
    runFrames();
    main.end(id, { code: 'UNAVAILABLE', message: 'the log group is gone' });
    expect(tail.getView()).toMatchObject({ phase: 'stopped', error: { message: 'the log group is gone' } });
    expect(tail.getView().buffer.entries).toHaveLength(1);
  });
});

describe('log filters', () => {
  it('ranks levels, counting lines without one as INFO', () => {
    expect(meetsLevel('ERROR', 'WARN')).toBe(true);
    expect(meetsLevel('INFO', 'WARN')).toBe(false);
    expect(meetsLevel('UNKNOWN', 'INFO')).toBe(true);
    expect(meetsLevel('UNKNOWN', 'WARN')).toBe(false);
    expect(meetsLevel('TRACE', 'ALL')).toBe(true);
    expect(meetsLevel('TRACE', 'DEBUG')).toBe(false);
  });

  it('puts the service in the hash and reads it back', () => {
    const query = queryForLogs({ cluster: 'flarenet-production', service: 'payment-service' }, 'ERROR');
    expect(query.toString()).toBe('cluster=flarenet-production&service=payment-service&level=ERROR');
    expect(logTargetFromQuery(query)).toEqual({ cluster: 'flarenet-production', service: 'payment-service' });
    expect(logTargetFromQuery(new URLSearchParams('service=payment-service'))).toBeNull();
  });
});
