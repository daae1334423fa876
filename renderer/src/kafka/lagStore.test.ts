import { describe, expect, it } from 'vitest';
import type { GroupLagSummary, LagDelta, LagSnapshot } from '../../../shared/kafka/kafkaModel';
import { applyLagDelta, diffLag } from '../../../shared/kafka/lagDelta';
import { lagWindowEncoder } from '../../../shared/kafka/lagWindow';
import { lagWindowRows, type LagWindowEvent } from '../../../shared/kafka/lagWindowModel';
import { WindowedMain } from '../testing/windowedMain';
import { copy, kafkaCluster, lagGroup, lagSnapshot, t0 } from '../../../shared/testing/lagFixtures';
import { createLagStore } from './lagStore';

const lagMain = { encoder: lagWindowEncoder, diff: diffLag, apply: applyLagDelta };
let main: WindowedMain<LagSnapshot, LagDelta, LagWindowEvent>;

function keys(store: ReturnType<typeof createLagStore>): string[] {
  return store.getState().rows.map((row) => (row.kind === 'cluster' ? `# ${row.clusterName}` : row.id));
}

/** A store subscribed to the lag as main publishes it (`main`). */
function loaded(snapshot: LagSnapshot = lagSnapshot()) {
  const store = createLagStore();
  main = new WindowedMain(lagMain, snapshot, store, t0 + 200);
  main.resubscribe();
  return store;
}

describe('lag store', () => {
  it('lists groups under their Kafka cluster, worst status first and most lag first among equals', () => {
    const store = loaded();
    expect(keys(store)).toEqual([
      '# kafka-staging',
      'kafka-staging|order-consumer',
      'kafka-staging|payment-consumer',
      '# kafka-production',
      'kafka-production|payment-consumer',
      'kafka-production|order-consumer',
      'kafka-production|audit-consumer',
    ]);
    expect(store.getState().severityCounts.get('kafka-production')).toEqual({
      ok: 1,
      unknown: 0,
      warn: 1,
      error: 1,
    });
    expect(store.getState().mainClockOffsetMs).toBe(200);
  });

  it('gives new objects only to the groups a delta changes, and keeps the rows while the order holds', () => {
    const store = loaded();
    const before = store.getState();
    const changed = lagGroup('kafka-staging', 'payment-consumer', {
      totalLag: 0,
      history: [...lagGroup('kafka-staging', 'x').history, { at: t0 + 5_000, totalLag: 0 }],
    });
    // The same group, resent unchanged, must keep its object too.
    const resent = copy(before.groups.get('kafka-production|order-consumer') as GroupLagSummary);
    main.publishDelta(
      {
        upserted: [changed, resent],
        removed: [],
        clusters: [kafkaCluster('kafka-staging', { lastSuccessAt: t0 + 5_000 })],
        generatedAt: t0 + 5_000,
      },
      t0 + 5_100,
    );
    const after = store.getState();

    expect(after.groups.get(changed.key)).toEqual(changed);
    expect(after.groups.get(changed.key)).not.toBe(before.groups.get(changed.key));
    for (const [key, group] of before.groups) {
      if (key !== changed.key) expect(after.groups.get(key)).toBe(group);
    }
    expect(after.rows).toBe(before.rows);
    expect(after.visibleKeys).toBe(before.visibleKeys);
    expect(after.clusters.get('kafka-production')).toBe(before.clusters.get('kafka-production'));
    expect(after.clusters.get('kafka-staging')?.lastSuccessAt).toBe(t0 + 5_000);
    expect(after.severityCounts.get('kafka-staging')).toBe(before.severityCounts.get('kafka-staging'));
  });

  it('moves a group when its severity changes its place in the sort, and counts it anew', () => {
    const store = loaded();
    const before = store.getState();
    // Burrow says OK, but the console found lag nobody will consume: an error all the same.
    const worse = lagGroup('kafka-production', 'audit-consumer', {
      ownerService: null,
      burrowStatus: 'OK',
      findings: [
        {
          kind: 'no-consumer-assigned',
          severity: 'error',
          summary:
            'no consumer assigned: the group has no live member while 9 000 messages wait on 3 partitions',
          partitions: [],
        },
      ],
      severity: 'error',
      totalLag: 9_000,
    });
    main.publishDelta({ upserted: [worse], removed: [], clusters: [], generatedAt: t0 + 1 }, t0 + 1);
    expect(store.getState().rows).not.toBe(before.rows);
    expect(store.getState().visibleKeys.slice(2)).toEqual([
      'kafka-production|audit-consumer',
      'kafka-production|payment-consumer',
      'kafka-production|order-consumer',
    ]);
    expect(store.getState().severityCounts.get('kafka-production')).toEqual({
      ok: 0,
      unknown: 0,
      warn: 1,
      error: 2,
    });
  });

  it('drops removed groups and adds new ones', () => {
    const store = loaded();
    const added = lagGroup('kafka-staging', 'billing-consumer');
    main.publishDelta(
      {
        upserted: [added],
        removed: ['kafka-production|order-consumer'],
        clusters: [],
        generatedAt: t0 + 1,
      },
      t0 + 1,
    );
    const state = store.getState();
    expect(state.groups.has('kafka-production|order-consumer')).toBe(false);
    expect(state.visibleKeys).toContain(added.key);
    expect(state.visibleKeys).toHaveLength(5);
  });

  it('keeps every object when a new snapshot repeats what it already has', () => {
    const store = loaded();
    const before = store.getState();
    new WindowedMain(lagMain, copy(lagSnapshot()), store, t0 + 10).resubscribe();
    const after = store.getState();
    expect(after.groups).toBe(before.groups);
    expect(after.clusters).toBe(before.clusters);
    expect(after.rows).toBe(before.rows);
    expect(after.severityCounts).toBe(before.severityCounts);
  });

  it('ignores a delta before any snapshot', () => {
    const store = createLagStore();
    store
      .getState()
      .receive({ type: 'delta', delta: { added: [lagGroup('kafka-staging', 'x')], generatedAt: t0 } }, t0);
    expect(store.getState().snapshot).toBeNull();
    expect(store.getState().groups.size).toBe(0);
  });

  it('filters by group, topic, owner service and status word, and follows status changes', () => {
    const store = loaded();
    store.getState().setFilter('err');
    main.resubscribe();
    expect(store.getState().visibleKeys).toEqual(['kafka-production|payment-consumer']);
    expect(keys(store)).toEqual(['# kafka-production', 'kafka-production|payment-consumer']);

    store.getState().setFilter('order-events');
    main.resubscribe();
    expect(store.getState().visibleKeys).toEqual([
      'kafka-staging|order-consumer',
      'kafka-production|order-consumer',
    ]);

    store.getState().setFilter('payment-service staging');
    main.resubscribe();
    expect(store.getState().visibleKeys).toEqual(['kafka-staging|payment-consumer']);

    store.getState().setFilter('stall');
    main.resubscribe();
    expect(store.getState().visibleKeys).toEqual(['kafka-production|payment-consumer']);

    store.getState().setFilter('warn');
    main.resubscribe();
    const recovered = lagGroup('kafka-production', 'order-consumer');
    main.publishDelta({ upserted: [recovered], removed: [], clusters: [], generatedAt: t0 + 1 }, t0 + 1);
    expect(store.getState().visibleKeys).toEqual([]);
  });

  it('sorts by a column, turns the sort over on a second click, and keeps the selection moving in screen order', () => {
    const store = loaded();
    store.getState().sortBy('lag');
    main.resubscribe();
    expect(store.getState().sort).toEqual({ key: 'lag', descending: true });
    expect(store.getState().visibleKeys.slice(2, 4)).toEqual([
      'kafka-production|payment-consumer',
      'kafka-production|order-consumer',
    ]);
    store.getState().sortBy('lag');
    main.resubscribe();
    expect(store.getState().sort.descending).toBe(false);
    expect(store.getState().visibleKeys.at(-1)).toBe('kafka-production|payment-consumer');

    store.getState().sortBy('name');
    main.resubscribe();
    expect(store.getState().sort).toEqual({ key: 'name', descending: false });
    store.getState().move('first');
    expect(store.getState().selectedKey).toBe('kafka-staging|order-consumer');
    store.getState().move('next');
    store.getState().move('next');
    expect(store.getState().selectedKey).toBe('kafka-production|audit-consumer');
    store.getState().openDetail();
    expect(store.getState().detailOpen).toBe(true);
  });

  it('holds only the window of many groups, in the order asked for, and counts every group', () => {
    const groups = Array.from({ length: 600 }, (_, i) =>
      lagGroup('kafka-production', `consumer-${String(i).padStart(3, '0')}`, { totalLag: i }),
    );
    const store = loaded({ clusters: [kafkaCluster('kafka-production')], groups, generatedAt: t0 });
    expect(store.getState().rowTotal).toBe(601);
    expect(store.getState().groups.size).toBe(lagWindowRows - 1);
    expect(store.getState().severityCounts.get('kafka-production')?.ok).toBe(600);
    // Groups that are OK keep the order of their names.
    expect(store.getState().visibleKeys[0]).toBe('kafka-production|consumer-000');
    expect(store.getState().groups.has('kafka-production|consumer-599')).toBe(false);

    store.getState().sortBy('lag');
    expect(store.getState().request).toMatchObject({ sort: 'lag:desc', offset: 0 });
    main.resubscribe();
    expect(store.getState().visibleKeys[0]).toBe('kafka-production|consumer-599');
    expect(store.getState().groups.has('kafka-production|consumer-000')).toBe(false);
  });

  it('knows when no Kafka cluster is configured', () => {
    const store = loaded({ clusters: [], groups: [], generatedAt: t0 });
    expect(store.getState().snapshot).not.toBeNull();
    expect(store.getState().clusters.size).toBe(0);
    expect(store.getState().rows).toEqual([]);
  });

  it('opens the tail on a topic as a new request each time, and on its own without one', () => {
    const store = createLagStore();
    store.getState().openTail();
    expect(store.getState().tail).toEqual({ open: true, request: { id: 0, target: null, start: false } });
    store.getState().openTail({ kafkaCluster: 'kafka-staging', topic: 'payment-events' });
    store.getState().openTail({ kafkaCluster: 'kafka-staging', topic: 'payment-events' });
    expect(store.getState().tail.request).toEqual({
      id: 2,
      target: { kafkaCluster: 'kafka-staging', topic: 'payment-events' },
      start: true,
    });
    store.getState().closeTail();
    expect(store.getState().tail.open).toBe(false);
  });
});
