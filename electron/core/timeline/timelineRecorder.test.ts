import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../../shared/fleet/fleetModel';
import { ConsoleClient } from '../../../shared/ipc/client';
import { timelineUpdates } from '../../../shared/ipc/timeline';
import { defaultEvaluatorOptions } from '../../../shared/kafka/burrowEvaluator';
import {
  compareTimelineEntries,
  type TimelineEntry,
  type TimelineEvent,
} from '../../../shared/timeline/timelineModel';
import { AuditLog } from '../audit/auditLog';
import { testEntry } from '../../testing/auditTestEntries';
import { sandboxConsoleConfig } from '../config/consoleConfig';
import { EcsClientFactory } from '../fleet/ecsClients';
import { FleetMonitor } from '../fleet/fleetMonitor';
import { fleetTargetsFromConfig } from '../fleet/fleetTargets';
import { createMemoryTransport } from '../../testing/memoryTransport';
import { IpcRouter } from '../ipc/router';
import { LagMonitor } from '../kafka/lagMonitor';
import { LogService } from '../logs/logService';
import { startSandbox, type Sandbox, ManualClock } from '../../testing/sandboxTestHarness';
import { AuditLogFollower } from './auditChanges';
import { registerTimelineHandlers } from './timelineHandlers';
import { createTimelineRecorder, type TimelineRecorder } from './timelineRecorder';

/**
 * The recorder on the real monitors: the sandbox's ECS, Kafka and CloudWatch Logs endpoints
 * read through the SDKs and kafkajs, on a manual clock the test moves, the audit log a real
 * file, and the stream read by a client over the in-memory transport.
 */

const noTimer = () => null;

let sandbox: Sandbox;
let clock: ManualClock;
let clients: EcsClientFactory;
let fleet: FleetMonitor;
let lag: LagMonitor;
let logs: LogService;
let auditDir: string;
let auditLog: AuditLog;
let follower: AuditLogFollower;
let recorder: TimelineRecorder;
let client: ConsoleClient;
let closeTransport: () => void;
const logged: string[] = [];

beforeAll(async () => {
  clock = new ManualClock();
  sandbox = await startSandbox({ clock, seed: 7, lively: false, ecsPort: 0, kafkaPort: 0 });
  const config = sandboxConsoleConfig(sandbox.ecsEndpoint, sandbox.kafkaBootstrap);
  clients = new EcsClientFactory({ maxAttempts: 1 });
  const now = () => clock.now();
  fleet = new FleetMonitor({ targets: fleetTargetsFromConfig(config, clients), now });
  lag = new LagMonitor({
    clusters: config.kafka!,
    knownServices: () => [...new Set(fleet.snapshot().services.map((s) => s.serviceName))],
    now,
    // Short windows, as in the lag monitor's tests.
    tracker: { evaluator: { ...defaultEvaluatorOptions, intervals: 5 } },
  });
  logs = new LogService({ environments: config.environments, ecsClients: clients, now });
  auditDir = await mkdtemp(join(tmpdir(), 'flarenet-timeline-'));
  auditLog = new AuditLog(join(auditDir, 'audit-log.jsonl'));
  follower = new AuditLogFollower(auditLog, { now, setTimer: noTimer });
  recorder = createTimelineRecorder({
    fleet,
    lag,
    audit: follower,
    logs,
    now,
    errorRates: { setTimer: noTimer, bucketMs: 10_000, windowMs: 5 * 60_000, troubledIntervalMs: 2000 },
    serviceEvents: { setTimer: noTimer, intervalMs: 2000 },
    log: (line) => logged.push(line),
  });
  const router = new IpcRouter();
  registerTimelineHandlers(router, recorder);
  const memory = createMemoryTransport(router);
  client = new ConsoleClient(memory.transport);
  closeTransport = () => memory.close();
});

afterAll(async () => {
  closeTransport?.();
  recorder?.close();
  follower?.close();
  fleet?.stop();
  await lag?.stop();
  logs?.close();
  clients?.destroyAll();
  await sandbox?.close();
  if (auditDir) await rm(auditDir, { recursive: true, force: true });
});

async function step(ms = 2000): Promise<void> {
  sandbox.advance(ms);
  await Promise.all([fleet.refresh(), lag.refresh()]);
}

async function stepUntil(done: () => boolean, what: string, limit = 80): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (done()) return;
    await step();
  }
  if (!done()) throw new Error(`never saw ${what}; recorded:\n${listEntries(recorder.entries())}`);
}

function listEntries(entries: readonly TimelineEntry[]): string {
  return entries.map((e) => `${new Date(e.at).toISOString()} ${e.kind} ${e.title}`).join('\n');
}

/** The first entry of `kind` about `service` in production at or after `since`. */
function recorded(kind: TimelineEntry['kind'], service: string, since: number): TimelineEntry | undefined {
  return recorder
    .entries({ service, environment: 'production' })
    .find((entry) => entry.kind === kind && entry.at >= since);
}

function collect(params: { service?: string; environment?: string }) {
  const events: TimelineEvent[] = [];
  const unsubscribe = client.subscribe(timelineUpdates, params, (event) => events.push(event));
  return {
    events,
    unsubscribe,
    entries: () => events.flatMap((event) => event.entries).sort(compareTimelineEntries),
  };
}

async function settle(): Promise<void> {
  // Stream events cross the in-memory transport on microtasks.
  await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('the timeline recorder on the sandbox', () => {
  it('rebuilds the last day from what ECS dates, each rollout after its start', async () => {
    const all = collect({});
    for (let i = 0; i < 6; i++) await step();
    await settle();
    const now = clock.now();
    expect(all.events[0]).toMatchObject({
      type: 'snapshot',
      recordingSince: now - 6 * 2000 - 24 * 60 * 60_000,
      sources: ['deployments', 'service events', 'consumer lag', 'error rates', 'audit log'],
    });
    const entries = recorder.entries();
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      expect(entry.at).toBeGreaterThanOrEqual(now - 24 * 60 * 60_000);
      expect(entry.at).toBeLessThanOrEqual(now);
    }
    // The seeded fleet's history: deployments that started and completed, nothing failing.
    const kinds = new Set(entries.map((entry) => entry.kind));
    expect(kinds.has('deployment-started')).toBe(true);
    expect(kinds.has('deployment-failed')).toBe(false);
    for (const completed of entries.filter((entry) => entry.kind === 'deployment-completed')) {
      const started = entries.find((entry) => entry.id === completed.id.replace(/\|completed$/, '|started'));
      expect(started?.at).toBeLessThanOrEqual(completed.at);
    }
    all.unsubscribe();
  });

  it('records a bad deploy: started before the lag of its group changed status, then the error spike', async () => {
    const all = collect({});
    const payment = collect({ service: 'payment-service', environment: 'production' });
    await settle();

    const since = clock.now();
    await sandbox.runScenario({
      kind: 'bad-deploy',
      cluster: 'flarenet-production',
      service: 'payment-service',
      circuitBreaker: 'off',
    });
    await stepUntil(
      () => recorded('deployment-started', 'payment-service', since) !== undefined,
      'the deployment',
    );
    await stepUntil(
      () => recorded('lag-status', 'payment-service', since) !== undefined,
      'the lag status change',
    );

    const started = recorded('deployment-started', 'payment-service', since)!;
    const lagChange = recorded('lag-status', 'payment-service', since)!;
    expect(started).toMatchObject({ environment: 'production', cluster: 'flarenet-production' });
    expect(started.title).toMatch(
      /^payment-service deploying payment-service:\d+ \(from payment-service:\d+\)$/,
    );
    expect(lagChange).toMatchObject({ group: 'payment-service', cluster: 'flarenet-kafka' });
    expect(['warning', 'error']).toContain(lagChange.severity);
    expect(started.at).toBeLessThan(lagChange.at);

    for (let i = 0; i < 40 && !recorded('error-spike', 'payment-service', since - 60_000); i++) {
      await step();
      await recorder.checkErrorRates();
    }
    const spike = recorded('error-spike', 'payment-service', since - 60_000);
    expect(spike?.title).toMatch(/^payment-service error spike: \d+ ERROR lines in 10 s \(usually \d+\)$/);
    // Dated when its bucket was over (or read), never before the deployment in the same bucket.
    expect(spike!.at).toBeGreaterThanOrEqual(started.at);

    await settle();
    // The stream gave the same entries the recorder holds, and the filtered one only its service's.
    expect(all.entries()).toEqual(recorder.entries());
    expect(payment.entries().length).toBeGreaterThanOrEqual(3);
    expect(payment.entries()).toEqual(
      recorder.entries({ service: 'payment-service', environment: 'production' }),
    );
    expect(payment.entries().every((entry) => entry.service === 'payment-service')).toBe(true);
    all.unsubscribe();
    payment.unsubscribe();
  });

  it('records a rollout the circuit breaker fails and rolls back', async () => {
    const since = clock.now();
    await sandbox.runScenario({
      kind: 'bad-deploy',
      cluster: 'flarenet-production',
      service: 'catalog-service',
      circuitBreaker: 'rollback',
    });
    await stepUntil(
      () => recorded('deployment-rolled-back', 'catalog-service', since) !== undefined,
      'the rollback',
      120,
    );
    const kinds = recorder
      .entries({ service: 'catalog-service', environment: 'production' })
      .filter((entry) => entry.kind.startsWith('deployment') && entry.at >= since)
      .map((entry) => entry.kind);
    expect(kinds.slice(0, 3)).toEqual(['deployment-started', 'deployment-failed', 'deployment-rolled-back']);

    // Each poll shows only the newest ECS event; reading the troubled service's events finds why it failed.
    await recorder.checkServiceEvents();
    const events = recorder
      .entries({ service: 'catalog-service', environment: 'production' })
      .filter((entry) => entry.kind === 'service-event' && entry.at >= since);
    const healthChecks = events.filter((entry) => /health check/i.test(entry.title));
    expect(healthChecks.length).toBeGreaterThan(0);
    expect(healthChecks.every((entry) => entry.severity === 'warning')).toBe(true);
    expect(new Set(events.map((entry) => entry.id)).size).toBe(events.length);
  });

  it('follows the audit log, also a reader subscribing afterwards', async () => {
    const at = clock.now();
    await auditLog.append(
      testEntry({ id: 'scenario-1', at, kind: 'sandbox-scenario', type: 'start', from: null, to: null }),
    );
    await auditLog.append(
      testEntry({
        id: 'scenario-1-end',
        at: at + 1,
        kind: 'sandbox-scenario',
        type: 'end',
        outcome: 'succeeded',
        from: null,
        to: null,
      }),
    );
    await follower.look();
    const late = collect({ service: 'payment-service' });
    await settle();
    const audit = late.entries().filter((entry) => entry.kind === 'audit');
    expect(audit.map((entry) => [entry.severity, entry.title])).toEqual([
      ['info', 'Sandbox scenario of payment-service started by arn:aws:iam::111122223333:user/oncall'],
      ['ok', 'Sandbox scenario of payment-service succeeded'],
    ]);
    // Looking again finds nothing new.
    await follower.look();
    expect(recorder.entries().filter((entry) => entry.kind === 'audit')).toHaveLength(2);
    late.unsubscribe();
  });
});

describe('the sandbox run', () => {
  it('logged no failure of a source', () => {
    expect(logged).toEqual([]);
  });
});

describe('the timeline recorder on hand-fed sources', () => {
  function source<E>() {
    const listeners = new Set<(event: E) => void>();
    return {
      subscribe(listener: (event: E) => void) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      emit: (event: E) => listeners.forEach((listener) => listener(event)),
    };
  }

  it('keeps the last day, at most maxEntries, and drops the oldest first', () => {
    let now = Date.UTC(2025, 5, 2, 9, 0, 0);
    const fleetSource = source<FleetEvent>();
    const audit = source<ReturnType<typeof testEntry>>();
    const small = createTimelineRecorder({ fleet: fleetSource, audit, now: () => now, maxEntries: 3 });
    const appended: TimelineEvent[] = [];
    small.subscribe({}, (event) => appended.push(event));
    for (let i = 0; i < 5; i++) audit.emit(testEntry({ id: `e${i}`, at: now + i, type: 'start' }));
    expect(small.entries().map((entry) => entry.id)).toEqual(['audit|e2', 'audit|e3', 'audit|e4']);
    // Seen before: not recorded again.
    audit.emit(testEntry({ id: 'e4', at: now + 4, type: 'start' }));
    expect(appended.filter((event) => event.type === 'append')).toHaveLength(5);

    now += 24 * 60 * 60_000 + 3;
    audit.emit(testEntry({ id: 'late', at: now, type: 'start' }));
    expect(small.entries().map((entry) => entry.id)).toEqual(['audit|e3', 'audit|e4', 'audit|late']);
    audit.emit(testEntry({ id: 'too-old', at: now - 25 * 60 * 60_000, type: 'start' }));
    expect(small.entries().map((entry) => entry.id)).not.toContain('audit|too-old');
    small.close();
    audit.emit(testEntry({ id: 'after-close', at: now, type: 'start' }));
    expect(small.entries().map((entry) => entry.id)).not.toContain('audit|after-close');
  });
});
