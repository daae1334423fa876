import { describe, expect, it } from 'vitest';
import type { ServiceMetrics } from './metricsModel';
import { errorRateSeries, serviceTrends, trendsWithoutData } from './serviceTrends';

const firstMinute = Date.UTC(2026, 0, 1, 12, 0);

function metrics(overrides: Partial<ServiceMetrics> = {}): ServiceMetrics {
  return {
    key: 'arn:aws:ecs:us-east-1:000000000000:cluster/flarenet-production|payment-service',
    environment: 'production',
    clusterName: 'flarenet-production',
    serviceName: 'payment-service',
    loadBalanced: true,
    firstMinute,
    cpu: [30, 32, null, 34],
    memory: [50, 51, 52, 53],
    requests: [1000, 1000, 0, 2000],
    errors: [2, null, 0, 280],
    p50: [0.05, 0.05, null, 0.4],
    p99: [0.12, 0.13, null, 2.1],
    healthy: [3, 3, 3, 3],
    unhealthy: [0, 0, 0, 0],
    alarms: [],
    scaling: [],
    observedAt: firstMinute + 4 * 60_000,
    ...overrides,
  };
}

describe('the error rate a minute', () => {
  it('is 5XX over requests; a minute with requests and no 5XX figure is 0, one without requests has no rate', () => {
    expect(errorRateSeries(metrics())).toEqual([0.002, 0, null, 0.14]);
  });

  it('is unknown for a service behind no load balancer', () => {
    expect(errorRateSeries(metrics({ loadBalanced: false, requests: undefined, errors: undefined }))).toBe(
      null,
    );
  });
});

describe('a service’s trends', () => {
  it('draws each figure with its newest known value in words, and keeps the gaps CloudWatch left', () => {
    const trends = serviceTrends(metrics());
    expect(trends.errorRate).toMatchObject({
      kind: 'line',
      values: [0.002, 0, null, 0.14],
      latest: '14 %',
      description: 'Error rate, last hour: latest 14 %, peak 14 %',
    });
    expect(trends.p99).toMatchObject({ kind: 'line', latest: '2.1 s', latestAt: firstMinute + 3 * 60_000 });
    expect(trends.cpu).toMatchObject({ kind: 'line', values: [30, 32, null, 34], latest: '34 %' });
    expect(trends.memory).toMatchObject({ kind: 'line', latest: '53 %' });
  });

  it('takes the newest value CloudWatch has, when the newest minute has none yet', () => {
    const trends = serviceTrends(metrics({ cpu: [30, 40, null] }));
    expect(trends.cpu).toMatchObject({ kind: 'line', latest: '40 %', latestAt: firstMinute + 60_000 });
  });

  it('says why a figure is not drawn rather than drawing zeros', () => {
    const unbalanced = serviceTrends(
      metrics({ loadBalanced: false, requests: undefined, errors: undefined, p99: undefined }),
    );
    expect(unbalanced.errorRate).toEqual({
      kind: 'missing',
      reason: 'payment-service is behind no load balancer: no request figures',
    });
    expect(unbalanced.p99).toEqual(unbalanced.errorRate);

    const silent = serviceTrends(metrics({ cpu: [null, null, null, null], memory: [null, null, null, 61] }));
    expect(silent.cpu).toEqual({ kind: 'missing', reason: 'no data from CloudWatch' });
    expect(silent.memory).toEqual({ kind: 'missing', reason: 'no data from CloudWatch' });
    expect(serviceTrends(undefined)).toBe(trendsWithoutData);
  });
});
