import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../../shared/timeline/timelineModel';
import { applyTimelineEvent, emptyTimeline } from './timelineFeed';
import {
  allKindGroups,
  filterTimeline,
  foldAlikeEvents,
  groupByMinute,
  pageOf,
  servicesOf,
} from './timelineListing';

const t0 = Date.UTC(2025, 5, 2, 9, 30, 0);

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

const entries = [
  entry('deploy', t0 + 1_000, {
    kind: 'deployment-started',
    title: 'payment-service deploying payment-service:4',
  }),
  entry('e1', t0 + 20_000, {
    title: '(service payment-service) has started 1 tasks: (task 0123456789abcdef).',
  }),
  entry('hc', t0 + 30_000, {
    title: '(service payment-service) (task 0123456789abcdef) failed container health checks.',
    severity: 'warning',
  }),
  entry('e2', t0 + 40_000, {
    title: '(service payment-service) has started 2 tasks: (task fedcba9876543210) (task 0011223344556677).',
  }),
  entry('lag', t0 + 65_000, {
    kind: 'lag-status',
    service: 'payment-service',
    group: 'payment-service',
    severity: 'error',
  }),
  entry('other', t0 + 70_000, {
    service: 'order-service',
    title: '(service order-service) has reached a steady state.',
  }),
];

describe('the timeline on the page', () => {
  it('narrows by service and kind', () => {
    expect(
      filterTimeline(entries, { service: 'order-service', kindGroups: allKindGroups }).map((e) => e.id),
    ).toEqual(['other']);
    expect(
      filterTimeline(entries, { service: null, kindGroups: new Set(['deployments', 'lag']) }).map(
        (e) => e.id,
      ),
    ).toEqual(['deploy', 'lag']);
    expect(servicesOf(entries)).toEqual(['order-service', 'payment-service']);
  });

  it('groups by minute, newest first or oldest first', () => {
    const newest = groupByMinute(entries, 'newest-first');
    expect(newest.map((group) => [group.minute, group.entries.map((e) => e.id)])).toEqual([
      [t0 + 60_000, ['other', 'lag']],
      [t0, ['e2', 'hc', 'e1', 'deploy']],
    ]);
    const oldest = groupByMinute(entries, 'oldest-first');
    expect(oldest[0]!.entries.map((e) => e.id)).toEqual(['deploy', 'e1', 'hc', 'e2']);
  });

  it('lists the same ECS event about other tasks once, with the others it stands for', () => {
    const folded = foldAlikeEvents(groupByMinute(entries, 'oldest-first')[0]!.entries);
    expect(folded.map((item) => [item.entry.id, item.alike.map((e) => e.id)])).toEqual([
      ['deploy', []],
      ['e1', ['e2']],
      ['hc', []],
    ]);
  });

  it('pages from the end it starts at', () => {
    expect(pageOf(entries, 'newest-first', 2).map((e) => e.id)).toEqual(['lag', 'other']);
    expect(pageOf(entries, 'oldest-first', 2).map((e) => e.id)).toEqual(['deploy', 'e1']);
  });

  it('takes a snapshot whole, then merges appends in by time', () => {
    const loaded = applyTimelineEvent(emptyTimeline, {
      type: 'snapshot',
      entries: [entries[0]!, entries[4]!],
      recordingSince: t0 - 86_400_000,
      sources: ['deployments', 'consumer lag'],
    });
    expect(loaded).toMatchObject({ loaded: true, recordingSince: t0 - 86_400_000 });
    const appended = applyTimelineEvent(loaded, { type: 'append', entries: [entries[2]!, entries[0]!] });
    expect(appended.entries.map((e) => e.id)).toEqual(['deploy', 'hc', 'lag']);
    expect(applyTimelineEvent(appended, { type: 'append', entries: [entries[2]!] })).toBe(appended);
  });
});
