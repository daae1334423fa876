import { describe, expect, it } from 'vitest';
import {
  compareTimelineEntries,
  matchesTimelineFilter,
  mergeTimelineEntries,
  type TimelineEntry,
} from './timelineModel';

function entry(id: string, at: number, overrides: Partial<TimelineEntry> = {}): TimelineEntry {
  return {
    id,
    at,
    kind: 'service-event',
    severity: 'info',
    environment: 'production',
    cluster: 'flarenet-production',
    service: 'payment-service',
    group: null,
    title: id,
    detail: '',
    ...overrides,
  };
}

describe('timeline entries', () => {
  it('merge in time order, skipping ids already held, keeping the newest within the limit', () => {
    const held = [entry('a', 10), entry('c', 30)];
    const merged = mergeTimelineEntries(held, [entry('d', 40), entry('b', 20), entry('a', 10)], 10);
    expect(merged.map((e) => e.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(mergeTimelineEntries(held, [entry('c', 30)], 10)).toBe(held);
    expect(mergeTimelineEntries(merged, [entry('e', 5)], 3).map((e) => e.id)).toEqual(['b', 'c', 'd']);
  });

  it('at the same moment, put a cause before its effect', () => {
    const failed = entry('x-failed', 50, { kind: 'deployment-failed' });
    const rollback = entry('a-rollback', 50, { kind: 'deployment-rolled-back' });
    const action = entry('z-action', 50, { kind: 'audit' });
    expect([rollback, failed, action].sort(compareTimelineEntries).map((e) => e.kind)).toEqual([
      'audit',
      'deployment-failed',
      'deployment-rolled-back',
    ]);
  });

  it('match a service in an environment; entries of no known environment match any', () => {
    const filter = { service: 'payment-service', environment: 'production' };
    expect(matchesTimelineFilter(entry('a', 1), filter)).toBe(true);
    expect(matchesTimelineFilter(entry('b', 1, { environment: 'staging' }), filter)).toBe(false);
    expect(matchesTimelineFilter(entry('c', 1, { environment: null }), filter)).toBe(true);
    expect(matchesTimelineFilter(entry('d', 1, { service: 'order-service' }), filter)).toBe(false);
    expect(matchesTimelineFilter(entry('e', 1, { service: null }), {})).toBe(true);
  });
});
