import { describe, expect, it } from 'vitest';
import type { DeploymentSummary, FleetEvent, ServiceSummary } from '../../../shared/fleet/fleetModel';
import { deploymentSummary, fixtureTime, serviceSummary } from '../../../shared/testing/topologyTestData';
import { notifierHarness } from '../../testing/notificationHarness';
import { RolloutRules, unwatchedRolloutSignals } from './rolloutRules';

/** The rollout rule through the notifier: a failed or rolled-back rollout fires, dedupes and resolves. */

const start = fixtureTime;
const deployment = (id: string, revision: number, overrides: Partial<DeploymentSummary> = {}) =>
  deploymentSummary('payment-service', id, revision, overrides);

const payment = (deployments: DeploymentSummary[]): ServiceSummary =>
  serviceSummary('payment-service', {}, { deployments });
const fleetEvent = (service: ServiceSummary): FleetEvent => ({
  type: 'delta',
  delta: { upserted: [service], removed: [], clusters: [], generatedAt: 0 },
});

const steady = deployment('ecs-svc/4', 4, { rolloutState: 'COMPLETED', createdAt: start - 86_400_000 });
const deploying = deployment('ecs-svc/5', 5);
const breakerReason = 'ECS deployment circuit breaker: tasks failed to start.';
const failed = deployment('ecs-svc/5', 5, {
  rolloutState: 'FAILED',
  rolloutStateReason: breakerReason,
  updatedAt: start + 30_000,
});
const rollingBack = deployment('ecs-svc/6', 4, {
  rolloutStateReason: 'ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/4.',
  createdAt: start + 30_000,
});

function setUp() {
  const harness = notifierHarness(start);
  const rules = new RolloutRules(start);
  const feed = (service: ServiceSummary) =>
    harness.notifier.receive(rules.receive(fleetEvent(service), harness.clock.now()));
  return { harness, feed };
}

describe('the rollout rule', () => {
  it('fires when the circuit breaker fails a rollout and rolls it back, once, and resolves when the rollback completes', () => {
    const { harness, feed } = setUp();
    feed(payment([steady]));
    feed(payment([deploying, { ...steady, status: 'ACTIVE' }]));
    harness.clock.advance(30_000);
    feed(payment([rollingBack, { ...failed, status: 'ACTIVE' }]));
    harness.clock.advance(5_000);
    feed(payment([rollingBack, { ...failed, status: 'ACTIVE' }]));
    expect(harness.said()).toEqual([
      'fired: payment-service: rollout of payment-service:5 failed and is rolled back by the circuit breaker to payment-service:4',
    ]);
    expect(harness.deliveries[0]!.notification).toMatchObject({
      rule: 'rollout-failed',
      severity: 'error',
      body: breakerReason,
      link: {
        kind: 'service',
        environment: 'production',
        cluster: 'flarenet-production',
        service: 'payment-service',
      },
    });

    harness.clock.advance(20_000);
    feed(payment([{ ...rollingBack, rolloutState: 'COMPLETED', updatedAt: harness.clock.now() }]));
    expect(harness.said()[1]).toBe('resolved: payment-service back to OK: payment-service:4 completed');
  });

  it('says an alarm rolled it back when the reason says so, and resolves on the rollback alone', () => {
    const { harness, feed } = setUp();
    feed(payment([deploying]));
    const alarmRollback = deployment('ecs-svc/6', 4, {
      rolloutStateReason: 'Rolling back: alarm payment-5xx in ALARM.',
      createdAt: start + 10_000,
    });
    harness.clock.advance(10_000);
    feed(payment([alarmRollback]));
    expect(harness.said()).toEqual(['fired: payment-service: rolled back by an alarm to payment-service:4']);
    feed(payment([{ ...alarmRollback, rolloutState: 'COMPLETED' }]));
    expect(harness.said()).toHaveLength(2);
  });

  it('fires a failure of the same service again only a minute after the last', () => {
    const { harness, feed } = setUp();
    feed(payment([deploying]));
    feed(payment([failed]));
    feed(payment([{ ...steady, id: 'ecs-svc/7', createdAt: start + 1 }]));
    harness.clock.advance(10_000);
    feed(payment([deployment('ecs-svc/8', 6)]));
    feed(payment([deployment('ecs-svc/8', 6, { rolloutState: 'FAILED' })]));
    expect(harness.said()).toHaveLength(2);
    harness.clock.advance(50_000);
    expect(harness.said()).toHaveLength(3);
    expect(harness.said()[2]).toBe('fired: payment-service: rollout of payment-service:6 failed');
  });

  it('does not report a failure ECS dates before the console started watching', () => {
    const { harness, feed } = setUp();
    feed(
      payment([
        steady,
        deployment('ecs-svc/3', 3, {
          status: 'ACTIVE',
          rolloutState: 'FAILED',
          updatedAt: start - 3_600_000,
        }),
      ]),
    );
    expect(harness.said()).toEqual([]);
  });
});

describe('a rollout over between two readings', () => {
  it('is handed out for its events to say, and told only when they say it failed or rolled back', () => {
    const rules = new RolloutRules(start);
    const before = { ...payment([steady]), observedAt: start };
    rules.receive(fleetEvent(before), start);
    const rolledBack = deployment('ecs-svc/6', 4, { rolloutState: 'COMPLETED', createdAt: start + 20_000 });
    expect(rules.receive(fleetEvent(payment([rolledBack])), start + 60_000)).toEqual([]);
    const [unwatched, ...more] = rules.takeUnwatched();
    expect(more).toEqual([]);
    expect(rules.takeUnwatched()).toEqual([]);

    const event = (message: string, at: number) => ({ id: message, createdAt: at, message });
    expect(
      unwatchedRolloutSignals(unwatched!, [
        event('(service payment-service) has reached a steady state.', start + 50_000),
        event('(service payment-service) rolling back to deployment ecs-svc/4.', start - 3_600_000),
      ]),
    ).toEqual([]);
    const [told] = unwatchedRolloutSignals(unwatched!, [
      event('(service payment-service) rolling back to deployment ecs-svc/4.', start + 20_000),
      event(
        '(service payment-service) (deployment ecs-svc/5) deployment failed: tasks failed to start.',
        start + 19_000,
      ),
    ]);
    expect(told).toMatchObject({
      type: 'event',
      problem: {
        rule: 'rollout-failed',
        title:
          'payment-service: a rollout failed and was rolled back to payment-service:4 before the console read it again',
        body: '(service payment-service) (deployment ecs-svc/5) deployment failed: tasks failed to start. — (service payment-service) rolling back to deployment ecs-svc/4.',
      },
    });
  });
});
