import { describe, expect, it } from 'vitest';
import type { DeploymentSummary, ServiceSummary } from '../../../shared/fleet/fleetModel';
import { formatCount } from '../../../shared/kafka/lagWords';
import type { ConsoleFinding, GroupLagSummary, LagEvent } from '../../../shared/kafka/kafkaModel';
import { deploymentSummary, groupLagSummary, serviceSummary } from '../../../shared/testing/topologyTestData';
import { testEntry } from '../../testing/auditTestEntries';
import { auditTimelineEntry } from './auditChanges';
import { findErrorSpikes } from './errorSpikes';
import { serviceChanges } from './fleetChanges';
import { LagChangeTracker } from './lagChanges';

/**
 * How readings become timeline entries: deployments and events from two readings of a
 * service, group status changes from the lag stream, spikes from error counts, actions from
 * the audit log. The sandbox run in timelineRecorder.test.ts shows the same against the
 * real monitors.
 */

const t0 = Date.UTC(2025, 5, 2, 9, 0, 0);
const windowStart = t0 - 24 * 60 * 60_000;

function deployment(
  id: string,
  revision: number,
  overrides: Partial<DeploymentSummary> = {},
): DeploymentSummary {
  return deploymentSummary('payment-service', id, revision, {
    rolloutStateReason: `ECS deployment ${id} in progress.`,
    taskDefinitionArn: `arn:aws:ecs:us-east-1:0:task-definition/payment-service:${revision}`,
    runningCount: 0,
    pendingCount: 3,
    createdAt: t0,
    updatedAt: t0,
    ...overrides,
  });
}

function payment(deployments: DeploymentSummary[], overrides: Partial<ServiceSummary> = {}): ServiceSummary {
  return serviceSummary('payment-service', {}, { deployments, ...overrides });
}

const steady = deployment('ecs-svc/1', 3, {
  rolloutState: 'COMPLETED',
  createdAt: t0 - 3 * 24 * 60 * 60_000,
  updatedAt: t0 - 3 * 24 * 60 * 60_000,
});

describe('deployment entries', () => {
  it('records nothing for a service first seen with an old, finished deployment', () => {
    expect(serviceChanges(undefined, payment([steady]), t0, windowStart)).toEqual([]);
  });

  it('rebuilds, on first sight, what ECS dates inside the window', () => {
    const recent = deployment('ecs-svc/2', 4, {
      rolloutState: 'COMPLETED',
      createdAt: t0 - 60_000,
      updatedAt: t0 - 20_000,
    });
    const entries = serviceChanges(undefined, payment([recent]), t0, windowStart);
    expect(entries.map((e) => [e.kind, e.at])).toEqual([
      ['deployment-started', t0 - 60_000],
      ['deployment-completed', t0 - 20_000],
    ]);
  });

  it('dates a new deployment by ECS and says where it came from', () => {
    const started = deployment('ecs-svc/2', 4, { createdAt: t0 + 1_000 });
    const entries = serviceChanges(
      payment([steady]),
      payment([started, { ...steady, status: 'ACTIVE' }]),
      t0 + 5_000,
      windowStart,
    );
    expect(entries).toEqual([
      expect.objectContaining({
        id: `deployment|${payment([]).key}|ecs-svc/2|started`,
        kind: 'deployment-started',
        severity: 'info',
        at: t0 + 1_000,
        service: 'payment-service',
        cluster: 'flarenet-production',
        environment: 'production',
        title: 'payment-service deploying payment-service:4 (from payment-service:3)',
      }),
    ]);
  });

  it('records a failed rollout and the rollback that follows it', () => {
    const broken = deployment('ecs-svc/2', 4, { createdAt: t0 + 1_000 });
    const before = payment([broken, { ...steady, status: 'ACTIVE' }]);
    const failed = { ...broken, status: 'ACTIVE', rolloutState: 'FAILED' as const, updatedAt: t0 + 40_000 };
    const rollback = deployment('ecs-svc/3', 3, {
      createdAt: t0 + 40_500,
      rolloutStateReason: 'ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/1.',
    });
    const entries = serviceChanges(before, payment([rollback, failed]), t0 + 42_000, windowStart);
    expect(entries.map((e) => [e.kind, e.severity, e.at, e.title])).toEqual([
      [
        'deployment-rolled-back',
        'warning',
        t0 + 40_500,
        'payment-service rolling back to payment-service:3 (from payment-service:4)',
      ],
      ['deployment-failed', 'error', t0 + 40_000, 'payment-service deployment of payment-service:4 failed'],
    ]);
  });

  it('takes a deployment to an older revision for a rollback even when ECS does not say so', () => {
    const current = deployment('ecs-svc/2', 4, { rolloutState: 'COMPLETED', createdAt: t0 - 10_000 });
    const back = deployment('ecs-svc/3', 3, { createdAt: t0 + 1_000 });
    const [entry] = serviceChanges(payment([current]), payment([back, current]), t0 + 2_000, windowStart);
    expect(entry?.kind).toBe('deployment-rolled-back');
  });

  it('records a rollout finishing once, and one that finished between two readings', () => {
    const running = deployment('ecs-svc/2', 4, { createdAt: t0 });
    const done = { ...running, rolloutState: 'COMPLETED' as const, updatedAt: t0 + 30_000 };
    const first = serviceChanges(payment([running]), payment([done]), t0 + 31_000, windowStart);
    expect(first.map((e) => e.kind)).toEqual(['deployment-completed']);
    expect(serviceChanges(payment([done]), payment([done]), t0 + 33_000, windowStart)).toEqual([]);

    const quick = deployment('ecs-svc/9', 5, {
      rolloutState: 'COMPLETED',
      createdAt: t0 + 40_000,
      updatedAt: t0 + 41_000,
    });
    const both = serviceChanges(payment([done]), payment([quick]), t0 + 42_000, windowStart);
    expect(both.map((e) => [e.kind, e.at])).toEqual([
      ['deployment-started', t0 + 40_000],
      ['deployment-completed', t0 + 41_000],
    ]);
  });

  it('records each new service event once, with trouble as a warning', () => {
    const event = {
      id: 'e-1',
      createdAt: t0 + 2_000,
      message: '(service payment-service) has reached a steady state.',
    };
    const bad = {
      id: 'e-2',
      createdAt: t0 + 9_000,
      message: '(service payment-service) (task abc) failed container health checks.',
    };
    const a = payment([steady], { newestEvent: null });
    const b = payment([steady], { newestEvent: event });
    const c = payment([steady], { newestEvent: bad });
    expect(serviceChanges(a, b, t0 + 5_000, windowStart).map((e) => [e.kind, e.severity, e.title])).toEqual([
      ['service-event', 'info', event.message],
    ]);
    expect(serviceChanges(b, b, t0 + 6_000, windowStart)).toEqual([]);
    expect(serviceChanges(b, c, t0 + 10_000, windowStart).map((e) => e.severity)).toEqual(['warning']);
  });
});

describe('consumer group entries', () => {
  function delta(groups: GroupLagSummary[]): LagEvent {
    return { type: 'delta', delta: { upserted: groups, removed: [], clusters: [], generatedAt: t0 } };
  }
  const severityOf = { OK: 'ok', WARN: 'warn', ERR: 'error', NOTFOUND: 'unknown' } as const;
  const group = (
    burrowStatus: GroupLagSummary['burrowStatus'],
    totalLag: number,
    observedAt: number,
    overrides: Partial<GroupLagSummary> = {},
  ) =>
    groupLagSummary('payment-service', ['payment-process'], totalLag, {
      burrowStatus,
      severity: severityOf[burrowStatus],
      observedAt,
      ownerService: 'payment-service',
      ...overrides,
    });
  const unassigned: ConsoleFinding = {
    kind: 'no-consumer-assigned',
    severity: 'error',
    summary: 'no consumer assigned: the group has no live member while 640 messages wait on 3 partitions',
    partitions: [],
  };

  it("records Burrow's OK → WARN → ERR and back, skipping what is not judged and a first OK", () => {
    const tracker = new LagChangeTracker();
    const snapshot: LagEvent = {
      type: 'snapshot',
      snapshot: {
        clusters: [
          {
            name: 'flarenet-kafka',
            environment: 'production',
            brokers: [],
            state: 'ok',
            lastSuccessAt: t0,
            error: null,
            warnings: [],
            groupCount: 1,
            refreshIntervalMs: 5000,
            commitSource: 'commit-log',
            commitSourceNote: null,
          },
        ],
        groups: [group('NOTFOUND', 0, t0)],
        generatedAt: t0,
      },
    };
    const seen = [
      tracker.receive(snapshot),
      tracker.receive(delta([group('OK', 4, t0 + 2_000)])),
      tracker.receive(delta([group('WARN', 900, t0 + 4_000)])),
      tracker.receive(delta([group('OK', 950, t0 + 6_000, { severity: 'unknown' })])),
      tracker.receive(delta([group('WARN', 1_000, t0 + 8_000)])),
      tracker.receive(delta([group('ERR', 12_340, t0 + 10_000)])),
      tracker.receive(delta([group('OK', 3, t0 + 12_000)])),
    ].flat();
    expect(seen.map((e) => [e.severity, e.at, e.title])).toEqual([
      ['warning', t0 + 4_000, 'consumer group payment-service lag OK → WARN: 900 behind'],
      ['error', t0 + 10_000, `consumer group payment-service lag WARN → ERR: ${formatCount(12_340)} behind`],
      ['ok', t0 + 12_000, 'consumer group payment-service back to OK: lag 3'],
    ]);
    expect(seen.every((e) => e.kind === 'lag-status' && e.group === 'payment-service')).toBe(true);
    expect(seen.every((e) => e.environment === 'production' && e.service === 'payment-service')).toBe(true);
  });

  it("records the console's findings coming and going under their own names, Burrow's status unchanged", () => {
    const tracker = new LagChangeTracker();
    const seen = [
      tracker.receive(delta([group('OK', 4, t0)])),
      tracker.receive(delta([group('OK', 640, t0 + 2_000, { severity: 'error', findings: [unassigned] })])),
      tracker.receive(delta([group('OK', 700, t0 + 4_000, { severity: 'error', findings: [unassigned] })])),
      tracker.receive(delta([group('OK', 2, t0 + 6_000)])),
    ].flat();
    expect(seen.map((e) => [e.severity, e.title])).toEqual([
      ['error', 'consumer group payment-service lag OK: 640 behind — no consumer assigned'],
      ['ok', 'consumer group payment-service back to OK: lag 2'],
    ]);
  });

  it('records a group whose first judged status is already a problem', () => {
    const tracker = new LagChangeTracker();
    const [entry] = tracker.receive(delta([group('ERR', 500, t0)]));
    expect(entry?.title).toBe('consumer group payment-service lag ERR: 500 behind');
  });
});

describe('error spikes', () => {
  const buckets = (counts: number[]) => counts.map((errors, i) => ({ start: t0 + i * 60_000, errors }));

  it('finds a run well above the median of the minutes before it, once', () => {
    const spikes = findErrorSpikes(buckets([2, 0, 3, 1, 2, 1, 90, 240, 180, 2]), 60_000);
    expect(spikes).toEqual([
      { start: t0 + 6 * 60_000, bucketMs: 60_000, peak: 240, total: 510, baseline: 1.5 },
    ]);
  });

  it('sees no spike in a steady rate, a small count, or without history to judge by', () => {
    expect(findErrorSpikes(buckets([40, 45, 38, 50, 42, 47, 44]), 60_000)).toEqual([]);
    expect(findErrorSpikes(buckets([0, 0, 0, 0, 0, 0, 12]), 60_000)).toEqual([]);
    expect(findErrorSpikes(buckets([0, 500]), 60_000)).toEqual([]);
  });
});

describe('audit entries', () => {
  it('records an action starting and ending, and skips the steps between', () => {
    const start = auditTimelineEntry(testEntry({ id: 'a1', type: 'start' }));
    expect(start).toMatchObject({
      id: 'audit|a1',
      kind: 'audit',
      severity: 'info',
      service: 'payment-service',
      title:
        'Rollback of payment-service (payment-service:8 → payment-service:7) started by arn:aws:iam::111122223333:user/oncall',
    });
    expect(auditTimelineEntry(testEntry({ type: 'step' }))).toBeNull();
    const failed = auditTimelineEntry(
      testEntry({
        type: 'end',
        outcome: 'timed-out',
        message: 'the rollout did not finish',
        error: 'timeout',
      }),
    );
    expect(failed).toMatchObject({
      severity: 'error',
      title: 'Rollback of payment-service (payment-service:8 → payment-service:7) timed out',
      detail: 'the rollout did not finish — timeout',
    });
  });
});
