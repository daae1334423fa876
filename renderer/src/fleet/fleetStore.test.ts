import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fleetStreamEncoder } from '../../../shared/fleet/fleetDelta';
import type {
  ClusterStatus,
  FleetDelta,
  FleetSnapshot,
  FleetStreamEvent,
  HealthState,
  ServiceSummary,
} from '../../../shared/fleet/fleetModel';
import { fleetUpdates } from '../../../shared/ipc/fleet';
import { openResubscribingStream } from '../app/resubscribingStream';
import { ScriptedConsole } from '../testing/scriptedConsole';
import { createFleetStore, type FleetStore } from './fleetStore';
import { clusterIdOf } from './fleetView';

const t0 = 1_700_000_000_000;

/** What main sends for the monitor's `delta` to a page that holds what `store` holds. */
function deltaEvent(store: FleetStore, delta: FleetDelta): FleetStreamEvent {
  const encode = fleetStreamEncoder();
  encode({
    type: 'snapshot',
    snapshot: store.getState().snapshot ?? { clusters: [], services: [], generatedAt: 0 },
  });
  const [event] = encode({ type: 'delta', delta });
  if (!event) throw new Error('the delta leaves nothing to send');
  return event;
}

function cluster(
  environment: string,
  clusterName: string,
  overrides: Partial<ClusterStatus> = {},
): ClusterStatus {
  return {
    environment,
    clusterName,
    clusterArn: `arn:aws:ecs:eu-west-1:123456789012:cluster/${clusterName}`,
    state: 'ok',
    lastSuccessAt: t0,
    error: null,
    serviceCount: 0,
    pollIntervalMs: 5_000,
    achievedIntervalMs: 5_000,
    ...overrides,
  };
}

function service(
  environment: string,
  clusterName: string,
  serviceName: string,
  health: HealthState = 'healthy',
): ServiceSummary {
  const clusterArn = `arn:aws:ecs:eu-west-1:123456789012:cluster/${clusterName}`;
  return {
    key: `${clusterArn}|${serviceName}`,
    environment,
    clusterName,
    clusterArn,
    serviceName,
    serviceArn: `arn:aws:ecs:eu-west-1:123456789012:service/${clusterName}/${serviceName}`,
    status: 'ACTIVE',
    health,
    healthReason: `${health} because the test says so`,
    desiredCount: 2,
    runningCount: 2,
    pendingCount: 0,
    taskDefinitionArn: `arn:aws:ecs:eu-west-1:123456789012:task-definition/${serviceName}:3`,
    family: serviceName,
    revision: 3,
    image: `registry.example/${serviceName}:1.0.0`,
    imageTag: '1.0.0',
    deployments: [],
    newestEvent: null,
    observedAt: t0,
  };
}

function fleet(): FleetSnapshot {
  return {
    clusters: [cluster('staging', 'flarenet-staging'), cluster('production', 'flarenet-production')],
    services: [
      service('staging', 'flarenet-staging', 'payments'),
      service('staging', 'flarenet-staging', 'orders'),
      service('production', 'flarenet-production', 'payments'),
      service('production', 'flarenet-production', 'orders', 'failed'),
      service('production', 'flarenet-production', 'gateway'),
    ],
    generatedAt: t0,
  };
}

/** A fresh copy, as the next event off the wire would be: equal values, new objects. */
function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function keyOf(clusterName: string, serviceName: string): string {
  return service('any', clusterName, serviceName).key;
}

describe('fleet store', () => {
  it('groups services by environment and cluster, in the order main lists clusters, by name within a cluster', () => {
    const store = createFleetStore();
    store.getState().receive({ type: 'snapshot', snapshot: fleet() }, t0);
    const rows = store
      .getState()
      .rows.map((row) =>
        row.kind === 'environment'
          ? `env ${row.environment}`
          : row.kind === 'cluster'
            ? `cluster ${row.clusterName}`
            : row.id.split('|')[1],
      );
    expect(rows).toEqual([
      'env staging',
      'cluster flarenet-staging',
      'orders',
      'payments',
      'env production',
      'cluster flarenet-production',
      'gateway',
      'orders',
      'payments',
    ]);
    expect(store.getState().clusterHealth.get(clusterIdOf('production', 'flarenet-production'))).toEqual({
      healthy: 2,
      deploying: 0,
      degraded: 0,
      failed: 1,
      stale: 0,
    });
  });

  it('gives new objects only to the services a delta changes', () => {
    const store = createFleetStore();
    store.getState().receive({ type: 'snapshot', snapshot: fleet() }, t0);
    const before = store.getState();
    const changed = {
      ...service('production', 'flarenet-production', 'gateway'),
      health: 'deploying' as const,
      runningCount: 1,
    };

    store.getState().receive(
      deltaEvent(store, {
        upserted: [changed],
        removed: [],
        clusters: [cluster('production', 'flarenet-production', { lastSuccessAt: t0 + 5_000 })],
        generatedAt: t0 + 5_000,
      }),
      t0 + 5_100,
    );
    const after = store.getState();

    expect(after.services.get(changed.key)).toEqual(changed);
    expect(after.services.get(changed.key)).not.toBe(before.services.get(changed.key));
    for (const [key, summary] of before.services) {
      if (key !== changed.key) expect(after.services.get(key)).toBe(summary);
    }
    // Same membership and order: the list keeps its array, so the table does not re-render.
    expect(after.rows).toBe(before.rows);
    // The staging cluster did not change; production did.
    const staging = clusterIdOf('staging', 'flarenet-staging');
    const production = clusterIdOf('production', 'flarenet-production');
    expect(after.clusters.get(staging)).toBe(before.clusters.get(staging));
    expect(after.clusters.get(production)?.lastSuccessAt).toBe(t0 + 5_000);
    expect(after.clusterHealth.get(staging)).toBe(before.clusterHealth.get(staging));
    expect(after.clusterHealth.get(production)?.deploying).toBe(1);
    expect(after.mainClockOffsetMs).toBe(100);
    expect(after.lastEventAt).toBe(t0 + 5_100);
  });

  it('keeps every service object while polls only move freshness, and holds the exact freshness for the next patch', () => {
    const store = createFleetStore();
    store.getState().receive({ type: 'snapshot', snapshot: fleet() }, t0);
    const before = store.getState();
    const quiet = keyOf('flarenet-staging', 'orders');
    const staging = cluster('staging', 'flarenet-staging', { lastSuccessAt: t0 + 5_000 });
    const behind = fleet().services.filter((s) => s.clusterName === 'flarenet-staging' && s.key === quiet);
    store
      .getState()
      .receive(
        deltaEvent(store, { upserted: behind, removed: [], clusters: [staging], generatedAt: t0 + 5_000 }),
        t0 + 5_000,
      );
    const after = store.getState();
    expect(after.services).toBe(before.services);
    expect(after.rows).toBe(before.rows);
    expect(after.clusters.get(clusterIdOf('staging', 'flarenet-staging'))).toEqual(staging);
    const observed = after.snapshot?.services.map((s) => [s.serviceName, s.clusterName, s.observedAt]);
    expect(observed).toContainEqual(['orders', 'flarenet-staging', t0]);
    expect(observed).toContainEqual(['payments', 'flarenet-staging', t0 + 5_000]);
  });

  it('shows a large fleet from its first page and says how many services are still on their way', () => {
    const clusters = [cluster('production', 'flarenet-production')];
    const services = Array.from({ length: 450 }, (_, i) =>
      service(
        'production',
        'flarenet-production',
        `svc-${String(i).padStart(3, '0')}`,
        i === 420 ? 'failed' : 'healthy',
      ),
    );
    const events = fleetStreamEncoder()({
      type: 'snapshot',
      snapshot: { clusters, services, generatedAt: t0 },
    });
    const store = createFleetStore();
    const [first, ...rest] = events;
    if (!first) throw new Error('expected the first page');
    store.getState().receive(first, t0);
    expect(store.getState().arriving).toBe(329);
    expect(store.getState().visibleServiceKeys).toContain(keyOf('flarenet-production', 'svc-420'));
    expect(store.getState().clusterHealth.get(clusterIdOf('production', 'flarenet-production'))?.failed).toBe(
      1,
    );

    for (const event of rest) store.getState().receive(event, t0);
    expect(store.getState().arriving).toBe(0);
    expect(store.getState().visibleServiceKeys).toEqual(services.map((s) => s.key));
    expect(store.getState().snapshot).toEqual({ clusters, services, generatedAt: t0 });
  });

  it('rebuilds the row list when a service appears or goes away', () => {
    const store = createFleetStore();
    store.getState().receive({ type: 'snapshot', snapshot: fleet() }, t0);
    const before = store.getState();
    const added = service('staging', 'flarenet-staging', 'billing');

    store.getState().receive(
      deltaEvent(store, {
        upserted: [added],
        removed: [keyOf('flarenet-production', 'orders')],
        clusters: [],
        generatedAt: t0 + 1,
      }),
      t0 + 1,
    );
    const after = store.getState();

    expect(after.rows).not.toBe(before.rows);
    expect(after.visibleServiceKeys).toEqual([
      added.key,
      keyOf('flarenet-staging', 'orders'),
      keyOf('flarenet-staging', 'payments'),
      keyOf('flarenet-production', 'gateway'),
      keyOf('flarenet-production', 'payments'),
    ]);
    expect(after.services.has(keyOf('flarenet-production', 'orders'))).toBe(false);
    expect(after.clusterHealth.get(clusterIdOf('production', 'flarenet-production'))?.failed).toBe(0);
  });

  it('keeps every object when a new snapshot repeats what it already has', () => {
    const store = createFleetStore();
    store.getState().receive({ type: 'snapshot', snapshot: fleet() }, t0);
    const before = store.getState();

    const repeated = copy(fleet());
    const changed = repeated.services.find(
      (s) => s.serviceName === 'payments' && s.clusterName === 'flarenet-staging',
    );
    if (!changed) throw new Error('fixture lost its staging payments service');
    changed.runningCount = 1;
    store.getState().receive({ type: 'snapshot', snapshot: repeated }, t0 + 10);
    const after = store.getState();

    expect(after.rows).toBe(before.rows);
    expect(after.clusters).toBe(before.clusters);
    for (const [key, summary] of before.services) {
      if (key === changed.key) expect(after.services.get(key)).not.toBe(summary);
      else expect(after.services.get(key)).toBe(summary);
    }
  });

  it('ignores a delta that arrives before any snapshot', () => {
    const store = createFleetStore();
    store.getState().receive(
      deltaEvent(store, {
        upserted: [service('staging', 'flarenet-staging', 'x')],
        removed: [],
        clusters: [],
        generatedAt: t0,
      }),
      t0,
    );
    expect(store.getState().snapshot).toBeNull();
    expect(store.getState().services.size).toBe(0);
  });

  it('shows only matching services under their headers while filtering, and follows health changes', () => {
    const store = createFleetStore();
    store.getState().receive({ type: 'snapshot', snapshot: fleet() }, t0);

    store.getState().setFilter('failed');
    expect(store.getState().visibleServiceKeys).toEqual([keyOf('flarenet-production', 'orders')]);
    expect(store.getState().rows.map((row) => row.kind)).toEqual(['environment', 'cluster', 'service']);

    const recovering = { ...service('staging', 'flarenet-staging', 'payments'), health: 'failed' as const };
    store
      .getState()
      .receive(
        deltaEvent(store, { upserted: [recovering], removed: [], clusters: [], generatedAt: t0 + 1 }),
        t0 + 1,
      );
    expect(store.getState().visibleServiceKeys).toEqual([
      recovering.key,
      keyOf('flarenet-production', 'orders'),
    ]);

    store.getState().setFilter('');
    expect(store.getState().visibleServiceKeys).toHaveLength(5);
  });

  it('shows a cluster without services when not filtering, so its error stays on screen', () => {
    const store = createFleetStore();
    const snapshot = fleet();
    snapshot.clusters.push(
      cluster('production', 'flarenet-production-eu', {
        state: 'error',
        lastSuccessAt: null,
        error: { code: 'AUTH', message: 'expired' },
      }),
    );
    store.getState().receive({ type: 'snapshot', snapshot }, t0);
    expect(
      store
        .getState()
        .rows.some((row) => row.kind === 'cluster' && row.clusterName === 'flarenet-production-eu'),
    ).toBe(true);

    store.getState().setFilter('payments');
    expect(
      store
        .getState()
        .rows.some((row) => row.kind === 'cluster' && row.clusterName === 'flarenet-production-eu'),
    ).toBe(false);
  });

  it('moves the selection through the shown services and opens details on it', () => {
    const store = createFleetStore();
    store.getState().receive({ type: 'snapshot', snapshot: fleet() }, t0);

    store.getState().move('next');
    expect(store.getState().selectedKey).toBe(keyOf('flarenet-staging', 'orders'));
    store.getState().move('next');
    store.getState().move('next');
    expect(store.getState().selectedKey).toBe(keyOf('flarenet-production', 'gateway'));

    store.getState().openDetail();
    expect(store.getState().detailOpen).toBe(true);
    store.getState().move('previous');
    expect(store.getState().selectedKey).toBe(keyOf('flarenet-staging', 'payments'));
    store.getState().closeDetail();
    expect(store.getState().detailOpen).toBe(false);
    expect(store.getState().selectedKey).toBe(keyOf('flarenet-staging', 'payments'));
  });
});

describe('fleet store fed by its stream', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('refuses a patch that does not fit what it holds, keeps it, says why, and takes a fresh snapshot', () => {
    const main = new ScriptedConsole();
    const store = createFleetStore();
    openResubscribingStream(
      main.client,
      fleetUpdates,
      {},
      {
        onEvent: (event) => store.getState().receive(event, t0),
        onEnd: (error) => store.getState().setStreamError(error),
      },
    );
    const [first] = main.openStreams(fleetUpdates.name);
    main.emit(first!, { type: 'snapshot', snapshot: fleet() });
    const held = store.getState();

    main.emit(first!, {
      type: 'delta',
      delta: { patched: [{ key: 'arn:gone|nothing', set: { runningCount: 0 } }], generatedAt: t0 + 1 },
    });
    expect(store.getState().services).toBe(held.services);
    expect(store.getState().snapshot).toBe(held.snapshot);
    expect(store.getState().streamError).toEqual({
      code: 'BAD_RESPONSE',
      message:
        'A live update does not fit what this window holds: it changes item "arn:gone|nothing", which is not there.',
    });
    expect(main.openStreams(fleetUpdates.name)).toEqual([]);

    vi.advanceTimersByTime(1_000);
    const [second] = main.openStreams(fleetUpdates.name);
    const recovered = { ...fleet(), generatedAt: t0 + 2 };
    main.emit(second!, { type: 'snapshot', snapshot: recovered });
    expect(store.getState().snapshot).toEqual(recovered);
    expect(store.getState().streamError).toBeNull();
    expect(store.getState().services.get(keyOf('flarenet-staging', 'orders'))).toBe(
      held.services.get(keyOf('flarenet-staging', 'orders')),
    );
  });
});
