import { describe, expect, it } from 'vitest';
import type {
  MetricsGroupStatus,
  MetricsSnapshot,
  ServiceMetrics,
} from '../../../shared/metrics/metricsModel';
import { trendsWithoutData } from '../../../shared/metrics/serviceTrends';
import { createServiceTrendsStore } from './serviceTrendsStore';

const firstMinute = Date.UTC(2026, 0, 1, 12, 0);

function service(name: string, observedAt: number): ServiceMetrics {
  return {
    key: `arn:aws:ecs:us-east-1:000000000000:cluster/flarenet-production|${name}`,
    environment: 'production',
    clusterName: 'flarenet-production',
    serviceName: name,
    loadBalanced: false,
    firstMinute,
    cpu: [30, 35],
    memory: [50, 50],
    alarms: [],
    scaling: [],
    observedAt,
  };
}

function environment(overrides: Partial<MetricsGroupStatus> = {}): MetricsGroupStatus {
  return {
    environment: 'production',
    state: 'ok',
    lastSuccessAt: firstMinute,
    error: null,
    warnings: [],
    serviceCount: 2,
    pollIntervalMs: 60_000,
    achievedIntervalMs: null,
    activeAlarms: [],
    ...overrides,
  };
}

function answer(services: ServiceMetrics[], status = environment()): MetricsSnapshot {
  return { environments: [status], services, generatedAt: firstMinute };
}

describe('the services table’s trends', () => {
  it('keeps a row’s entry while its figures are as they were, and draws again the rows whose figures moved', () => {
    const store = createServiceTrendsStore();
    const orders = service('order-service', 1);
    const payments = service('payment-service', 1);
    const keys = [orders.key, payments.key];
    store.getState().receive(answer([orders, payments]), keys);
    const first = store.getState().byKey;
    expect(first.get(orders.key)?.trends.cpu).toMatchObject({ kind: 'line', latest: '35 %' });
    // Drawn once, when the figures come: one line for CPU, none for the error rate it lacks.
    expect(first.get(orders.key)?.segments.cpu).toHaveLength(1);
    expect(first.get(orders.key)?.segments.errorRate).toEqual([]);

    store.getState().receive(answer([{ ...orders }, service('payment-service', 2)]), keys);
    const second = store.getState().byKey;
    expect(second.get(orders.key)).toBe(first.get(orders.key));
    expect(second.get(payments.key)).not.toBe(first.get(payments.key));
  });

  it('says “no data” for a service main has no figures for, and marks figures of an environment it cannot read', () => {
    const store = createServiceTrendsStore();
    const orders = service('order-service', 1);
    const unknown = 'arn:aws:ecs:us-east-1:000000000000:cluster/flarenet-production|nothing';
    store
      .getState()
      .receive(
        answer(
          [orders],
          environment({ state: 'stale', error: { code: 'UNAVAILABLE', message: 'connection refused' } }),
        ),
        [orders.key, unknown],
      );
    expect(store.getState().byKey.get(unknown)?.trends).toBe(trendsWithoutData);
    expect(store.getState().byKey.get(orders.key)?.staleReason).toBe(
      'CloudWatch could not be read: connection refused',
    );
  });

  it('waits, rather than saying “no data”, before main has read CloudWatch once', () => {
    const store = createServiceTrendsStore();
    const orders = service('order-service', 1);
    store.getState().receive(answer([], environment({ state: 'stale', lastSuccessAt: null })), [orders.key]);
    expect(store.getState().byKey.get(orders.key)).toBeUndefined();
  });
});
