import { describe, expect, it } from 'vitest';
import type { ConsoleFinding, GroupLagSummary, LagEvent } from '../../../shared/kafka/kafkaModel';
import { groupLagSummary } from '../../../shared/testing/topologyTestData';
import { notifierHarness } from '../../testing/notificationHarness';
import { LagRules } from './lagRules';

/** The consumer group rules through the notifier, as the console runs them: fire, dedupe, resolve. */

function lagEvent(groups: GroupLagSummary[]): LagEvent {
  return {
    type: 'delta',
    delta: {
      upserted: groups,
      removed: [],
      clusters: [{ name: 'flarenet-kafka', environment: 'production' } as never],
      generatedAt: 0,
    },
  };
}

function payment(overrides: Partial<GroupLagSummary>): GroupLagSummary {
  return groupLagSummary('payment-service', ['payments'], 500, {
    ownerService: 'payment-service',
    ...overrides,
  });
}

const erring = payment({ burrowStatus: 'ERR', severity: 'error', burrowReason: 'payments/1 STALL' });
const healthy = payment({ totalLag: 3 });
const unconsumedFinding: ConsoleFinding = {
  kind: 'no-consumer-assigned',
  severity: 'error',
  summary: 'payments/2 has 500 messages of lag and no live member holds it',
  partitions: [{ topic: 'payments', partition: 2 }],
};

function setUp() {
  const harness = notifierHarness();
  const rules = new LagRules();
  const feed = (group: GroupLagSummary) =>
    harness.notifier.receive(rules.receive(lagEvent([group]), harness.clock.now()));
  return { harness, feed };
}

describe('the consumer group ERR rule', () => {
  it('fires once when Burrow says ERR, however many polls say it again, and resolves when it is back to OK', () => {
    const { harness, feed } = setUp();
    feed(healthy);
    feed(erring);
    harness.clock.advance(5_000);
    feed(erring);
    harness.clock.advance(5_000);
    feed(erring);
    expect(harness.said()).toEqual(['fired: Consumer group payment-service is ERR: 500 behind']);
    const fired = harness.deliveries[0]!.notification;
    expect(fired).toMatchObject({
      rule: 'group-err',
      severity: 'error',
      body: 'payments/1 STALL',
      link: { kind: 'group', cluster: 'flarenet-kafka', group: 'payment-service' },
      subject: {
        key: 'flarenet-kafka|payment-service',
        environment: 'production',
        service: 'payment-service',
      },
    });

    feed(healthy);
    expect(harness.said()[1]).toBe('resolved: Consumer group payment-service: back to OK (lag 3)');
    expect(harness.deliveries[1]!.notification.id).toBe(fired.id);
  });

  it('fires a second ERR within the minute only once the minute is over, and only if it still holds', () => {
    const { harness, feed } = setUp();
    feed(erring);
    harness.clock.advance(10_000);
    feed(healthy);
    harness.clock.advance(10_000);
    feed(erring);
    expect(harness.said()).toHaveLength(2);
    harness.clock.advance(39_000);
    expect(harness.said()).toHaveLength(2);
    harness.clock.advance(1_000);
    expect(harness.said()).toHaveLength(3);
    expect(harness.deliveries[2]!.notification.firedAt - harness.deliveries[0]!.notification.firedAt).toBe(
      60_000,
    );

    // Flapping back within the next minute is dropped when it clears before it could be sent.
    feed(healthy);
    feed(erring);
    harness.clock.advance(30_000);
    feed(healthy);
    harness.clock.advance(60_000);
    expect(harness.said().slice(3)).toEqual(['resolved: Consumer group payment-service: back to OK (lag 3)']);
  });

  it('neither fires nor resolves on a group it cannot judge now', () => {
    const { harness, feed } = setUp();
    feed(erring);
    feed(payment({ severity: 'unknown', burrowStatus: 'NOTFOUND' }));
    expect(harness.said()).toHaveLength(1);
  });
});

describe('the lag-nobody-consumes rule', () => {
  it('fires on the finding, dedupes, and resolves when every partition has a consumer again', () => {
    const { harness, feed } = setUp();
    const unconsumed = payment({ findings: [unconsumedFinding], severity: 'error' });
    feed(unconsumed);
    harness.clock.advance(20_000);
    feed(unconsumed);
    expect(harness.said()).toEqual(['fired: Consumer group payment-service has lag nobody consumes']);
    expect(harness.deliveries[0]!.notification.body).toBe(unconsumedFinding.summary);
    feed(healthy);
    expect(harness.said()[1]).toMatch(/^resolved: .*every partition with lag has a consumer again/);
  });
});

describe('a group that goes away', () => {
  it('resolves what it held when a snapshot no longer lists it', () => {
    const harness = notifierHarness();
    const rules = new LagRules();
    const snapshot = (groups: GroupLagSummary[]): LagEvent => ({
      type: 'snapshot',
      snapshot: { clusters: [], groups, generatedAt: 0 },
    });
    harness.notifier.receive(rules.receive(snapshot([erring]), harness.clock.now()));
    harness.notifier.receive(rules.receive(snapshot([]), harness.clock.now()));
    expect(harness.said()).toEqual([
      'fired: Consumer group payment-service is ERR: 500 behind',
      'resolved: consumer group payment-service is no longer listed',
    ]);
  });
});
