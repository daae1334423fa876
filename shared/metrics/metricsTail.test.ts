import { describe, expect, it } from 'vitest';
import type { ServiceMetrics } from './metricsModel';
import { metricsSince, tailStart, withTail } from './metricsTail';

const minute = 60_000;
const start = Date.UTC(2026, 0, 1, 12, 0);

function service(
  firstMinute: number,
  cpu: (number | null)[],
  extra: Partial<ServiceMetrics> = {},
): ServiceMetrics {
  return {
    key: 'arn:aws:ecs:us-east-1:000000000000:cluster/flarenet-production|api-gateway',
    environment: 'production',
    clusterName: 'flarenet-production',
    serviceName: 'api-gateway',
    loadBalanced: false,
    firstMinute,
    cpu,
    memory: cpu.map((value) => (value === null ? null : value + 10)),
    alarms: [],
    scaling: [],
    observedAt: firstMinute + cpu.length * minute,
    ...extra,
  };
}

describe('a page’s metrics, a tail a minute', () => {
  it('cuts every series to the minutes from the tail’s start', () => {
    const cut = metricsSince(service(start, [1, 2, 3, 4, 5]), start + 3 * minute);
    expect(cut.firstMinute).toBe(start + 3 * minute);
    expect(cut.cpu).toEqual([4, 5]);
    expect(cut.memory).toEqual([14, 15]);
    expect(metricsSince(service(start, [1, 2]), start - minute).cpu).toEqual([1, 2]);
  });

  it('starts the tail a few minutes before the oldest newest minute held', () => {
    expect(tailStart([service(start, [1, 2, 3, 4, 5]), service(start + minute, [1, 2, 3])])).toBe(
      start + 3 * minute - 3 * minute,
    );
    expect(tailStart([])).toBe(null);
  });

  it('lays the tail over what is held, late datapoints filling in, and keeps the series’ length', () => {
    const held = service(start, [1, 2, 3, null]);
    const tail = service(start + 2 * minute, [3, 4, 5, 6], { observedAt: start + 7 * minute });
    const merged = withTail(held, tail);
    expect(merged.firstMinute).toBe(start + 2 * minute);
    expect(merged.cpu).toEqual([3, 4, 5, 6]);
    expect(merged.memory).toEqual([13, 14, 15, 16]);
    expect(merged.observedAt).toBe(start + 7 * minute);

    const shortTail = withTail(held, service(start + 3 * minute, [4, 5]));
    expect(shortTail.cpu).toEqual([2, 3, 4, 5]);
    expect(shortTail.firstMinute).toBe(start + minute);
  });

  it('is what a full read would give, once the tail has come', () => {
    const hour = Array.from({ length: 60 }, (_, index) => index);
    const later = Array.from({ length: 60 }, (_, index) => index + 2);
    const full = service(start + 2 * minute, later);
    const since = tailStart([service(start, hour)])!;
    expect(withTail(service(start, hour), metricsSince(full, since))).toEqual(full);
  });
});
