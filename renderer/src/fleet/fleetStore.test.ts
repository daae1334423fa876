import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyFleetDelta, diffFleet } from '../../../shared/fleet/fleetDelta';
import type {
  ClusterStatus,
  FleetDelta,
  FleetSnapshot,
  HealthState,
  ServiceSummary,
} from '../../../shared/fleet/fleetModel';
import { fleetWindowEncoder } from '../../../shared/fleet/fleetWindow';
import { fleetWindowRows as windowRows, type FleetWindowEvent } from '../../../shared/fleet/fleetWindowModel';
import { WindowedMain } from '../testing/windowedMain';
import { fleetWindow } from '../../../shared/ipc/fleet';
import { openResubscribingStream } from '../app/resubscribingStream';
import { ScriptedConsole } from '../testing/scriptedConsole';
import { createFleetStore, type FleetStore } from './fleetStore';
import { clusterIdOf } from '../../../shared/fleet/fleetView';

const t0 = 1_700_000_000_000;

const fleetMain = {
  encoder: fleetWindowEncoder,
  diff: diffFleet,
  apply: applyFleetDelta,
};

/** A store subscribed to `snapshot` as main publishes it. */
function subscribed(snapshot: FleetSnapshot): {
  store: FleetStore;
  main: WindowedMain<FleetSnapshot, FleetDelta, FleetWindowEvent>;
} {
  const store = createFleetStore();
  const main = new WindowedMain(fleetMain, snapshot, store, snapshot.generatedAt);
  main.resubscribe();
  return { store, main };
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
    const { store } = subscribed(fleet());
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
    expect(store.getState().rowTotal).toBe(9);
    expect(store.getState().clusterHealth.get(clusterIdOf('production', 'flarenet-production'))).toEqual({
      healthy: 2,
      deploying: 0,
      degraded: 0,
      failed: 1,
      stale: 0,
    });
  });

  it('gives new objects only to the services a delta changes', () => {
    const { store, main } = subscribed(fleet());
    const before = store.getState();
    const changed = {
      ...service('production', 'flarenet-production', 'gateway'),
      health: 'deploying' as const,
      runningCount: 1,
    };
    const next = fleet();
    next.services = next.services.map((s) => (s.key === changed.key ? changed : s));
    next.clusters[1] = cluster('production', 'flarenet-production', { lastSuccessAt: t0 + 5_000 });
    next.generatedAt = t0 + 5_000;

    main.publish(next, t0 + 5_100);
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
    const { store, main } = subscribed(fleet());
    const before = store.getState();
    const quiet = keyOf('flarenet-staging', 'orders');
    const next = fleet();
    next.clusters[0] = cluster('staging', 'flarenet-staging', { lastSuccessAt: t0 + 5_000 });
    next.services = next.services.map((s) =>
      s.clusterName === 'flarenet-staging' && s.key !== quiet ? { ...s, observedAt: t0 + 5_000 } : s,
    );
    next.generatedAt = t0 + 5_000;
    main.publish(next);
    const after = store.getState();
    expect(after.services).toBe(before.services);
    expect(after.rows).toBe(before.rows);
    expect(after.clusters.get(clusterIdOf('staging', 'flarenet-staging'))).toEqual(next.clusters[0]);
    const observed = after.snapshot?.services.map((s) => [s.serviceName, s.clusterName, s.observedAt]);
    expect(observed).toContainEqual(['orders', 'flarenet-staging', t0]);
    expect(observed).toContainEqual(['payments', 'flarenet-staging', t0 + 5_000]);
  });

  it('holds only the window of a large fleet, counts all of it, and asks for another window when the table nears an edge', () => {
    const clusters = [cluster('production', 'flarenet-production')];
    const services = Array.from({ length: 1_000 }, (_, i) =>
      service(
        'production',
        'flarenet-production',
        `svc-${String(i).padStart(4, '0')}`,
        i === 900 ? 'failed' : 'healthy',
      ),
    );
    const { store, main } = subscribed({ clusters, services, generatedAt: t0 });
    expect(store.getState().rowTotal).toBe(1_002);
    expect(store.getState().matched).toBe(1_000);
    expect(store.getState().rows).toHaveLength(windowRows);
    expect(store.getState().services.size).toBe(windowRows - 2);
    // The failed service is far below the window, and its cluster's header still counts it.
    expect(store.getState().services.has(keyOf('flarenet-production', 'svc-0900'))).toBe(false);
    expect(store.getState().clusterHealth.get(clusterIdOf('production', 'flarenet-production'))?.failed).toBe(
      1,
    );

    // Scrolling within the window asks for nothing; nearing its end asks for the next rows.
    store.getState().showRows(20, 60);
    expect(store.getState().request.offset).toBe(0);
    store.getState().showRows(200, 230);
    const { offset } = store.getState().request;
    expect(offset).toBeGreaterThan(100);
    expect(offset).toBeLessThanOrEqual(200);

    main.resubscribe();
    expect(store.getState().rowOffset).toBe(offset);
    expect(store.getState().rows[0]?.id).toBe(
      keyOf('flarenet-production', `svc-${String(offset - 2).padStart(4, '0')}`),
    );
    expect(store.getState().services.size).toBe(windowRows);
  });

  it('sends nothing for a change outside the window but the cluster counts it moves', () => {
    const clusters = [cluster('production', 'flarenet-production')];
    const services = Array.from({ length: 600 }, (_, i) =>
      service('production', 'flarenet-production', `svc-${String(i).padStart(4, '0')}`),
    );
    const { store, main } = subscribed({ clusters, services, generatedAt: t0 });
    const held = store.getState().services;

    const far = services[500]!;
    const next = {
      clusters,
      services: services.map((s) => (s === far ? { ...s, runningCount: 1 } : s)),
      generatedAt: t0 + 1,
    };
    expect(main.publish(next)).toBe(0);

    const failing = {
      clusters,
      services: next.services.map((s) => (s.key === far.key ? { ...s, health: 'failed' as const } : s)),
      generatedAt: t0 + 2,
    };
    expect(main.publish(failing)).toBe(1);
    expect(store.getState().services).toBe(held);
    expect(
      store.getState().clusterHealth.get(clusterIdOf('production', 'flarenet-production')),
    ).toMatchObject({
      healthy: 599,
      failed: 1,
    });
  });

  it('rebuilds the row list when a service appears or goes away', () => {
    const { store, main } = subscribed(fleet());
    const before = store.getState();
    const added = service('staging', 'flarenet-staging', 'billing');
    const next = fleet();
    next.services = [added, ...next.services.filter((s) => s.key !== keyOf('flarenet-production', 'orders'))];
    next.generatedAt = t0 + 1;
    main.publish(next);
    const after = store.getState();

    expect(after.rows).not.toBe(before.rows);
    expect(after.visibleKeys).toEqual([
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
    const { store } = subscribed(fleet());
    const before = store.getState();

    const repeated = copy(fleet());
    const changed = repeated.services.find(
      (s) => s.serviceName === 'payments' && s.clusterName === 'flarenet-staging',
    );
    if (!changed) throw new Error('fixture lost its staging payments service');
    changed.runningCount = 1;
    new WindowedMain(fleetMain, repeated, store, t0 + 10).resubscribe();
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
    store
      .getState()
      .receive(
        { type: 'delta', delta: { added: [service('staging', 'flarenet-staging', 'x')], generatedAt: t0 } },
        t0,
      );
    expect(store.getState().snapshot).toBeNull();
    expect(store.getState().services.size).toBe(0);
  });

  it('asks main for the matching services while filtering, and follows health changes', () => {
    const { store, main } = subscribed(fleet());

    store.getState().setFilter('failed');
    expect(store.getState().request).toMatchObject({ filter: 'failed', offset: 0 });
    main.resubscribe();
    expect(store.getState().visibleKeys).toEqual([keyOf('flarenet-production', 'orders')]);
    expect(store.getState().rows.map((row) => row.kind)).toEqual(['environment', 'cluster', 'service']);

    const next = fleet();
    next.services = next.services.map((s) =>
      s.key === keyOf('flarenet-staging', 'payments') ? { ...s, health: 'failed' as const } : s,
    );
    next.generatedAt = t0 + 1;
    main.publish(next);
    expect(store.getState().visibleKeys).toEqual([
      keyOf('flarenet-staging', 'payments'),
      keyOf('flarenet-production', 'orders'),
    ]);

    store.getState().setFilter('');
    main.resubscribe();
    expect(store.getState().visibleKeys).toHaveLength(5);
  });

  it('shows a cluster without services when not filtering, so its error stays on screen', () => {
    const snapshot = fleet();
    snapshot.clusters.push(
      cluster('production', 'flarenet-production-eu', {
        state: 'error',
        lastSuccessAt: null,
        error: { code: 'AUTH', message: 'expired' },
      }),
    );
    const { store, main } = subscribed(snapshot);
    const shown = () =>
      store
        .getState()
        .rows.some((row) => row.kind === 'cluster' && row.clusterName === 'flarenet-production-eu');
    expect(shown()).toBe(true);
    expect(
      store.getState().clusterHealth.get(clusterIdOf('production', 'flarenet-production-eu'))?.healthy,
    ).toBe(0);

    store.getState().setFilter('payments');
    main.resubscribe();
    expect(shown()).toBe(false);
  });

  it('moves the selection through the shown services and opens details on it', () => {
    const { store } = subscribed(fleet());

    store.getState().move('next');
    expect(store.getState().selectedKey).toBe(keyOf('flarenet-staging', 'orders'));
    store.getState().move('next');
    store.getState().move('next');
    expect(store.getState().selectedKey).toBe(keyOf('flarenet-production', 'gateway'));
    expect(store.getState().request.pinned).toEqual([keyOf('flarenet-production', 'gateway')]);

    store.getState().openDetail();
    expect(store.getState().detailOpen).toBe(true);
    store.getState().move('previous');
    expect(store.getState().selectedKey).toBe(keyOf('flarenet-staging', 'payments'));
    store.getState().closeDetail();
    expect(store.getState().detailOpen).toBe(false);
    expect(store.getState().selectedKey).toBe(keyOf('flarenet-staging', 'payments'));
  });

  it('goes to the last service of the whole fleet on End, once its window has come', () => {
    const clusters = [cluster('production', 'flarenet-production')];
    const services = Array.from({ length: 700 }, (_, i) =>
      service('production', 'flarenet-production', `svc-${String(i).padStart(4, '0')}`),
    );
    const { store, main } = subscribed({ clusters, services, generatedAt: t0 });
    store.getState().move('last');
    expect(store.getState().selectedKey).toBeNull();
    main.resubscribe();
    expect(store.getState().selectedKey).toBe(keyOf('flarenet-production', 'svc-0699'));
    store.getState().move('first');
    // A change to the window still held (a service in it went away) does not settle Home: only
    // the window at the start does.
    main.publish({ clusters, services: services.filter((_, i) => i !== 690), generatedAt: t0 + 1 });
    expect(store.getState().selectedKey).toBe(keyOf('flarenet-production', 'svc-0699'));
    main.resubscribe();
    expect(store.getState().selectedKey).toBe(keyOf('flarenet-production', 'svc-0000'));
  });

  it('moves the window to a service opened from elsewhere, and holds it and its namesakes', () => {
    const clusters = [cluster('staging', 'flarenet-staging'), cluster('production', 'flarenet-production')];
    const services = [
      ...Array.from({ length: 400 }, (_, i) =>
        service('staging', 'flarenet-staging', `svc-${String(i).padStart(4, '0')}`),
      ),
      service('production', 'flarenet-production', 'svc-0350'),
    ];
    const { store, main } = subscribed({ clusters, services, generatedAt: t0 });
    const far = keyOf('flarenet-staging', 'svc-0350');
    expect(store.getState().services.has(far)).toBe(false);

    store.getState().openDetail(far);
    expect(store.getState().request.reveal).toBe(far);
    main.resubscribe();
    const state = store.getState();
    expect(state.visibleKeys).toContain(far);
    expect(state.rowOffset).toBeGreaterThan(0);
    expect(state.services.get(far)?.serviceName).toBe('svc-0350');
    // Its production namesake comes too: what the promote button compares it with.
    expect(state.services.has(keyOf('flarenet-production', 'svc-0350'))).toBe(true);

    // Opened from elsewhere while a filter hides it, it clears the filter and the window moves to it.
    state.setFilter('svc-0001');
    main.resubscribe();
    store.getState().openFromElsewhere(far);
    expect(store.getState().filter).toBe('');
    expect(store.getState().request).toMatchObject({ filter: '', reveal: far, pinned: [far] });
    main.resubscribe();
    expect(store.getState().visibleKeys).toContain(far);

    // Selecting a row next to it keeps the window where it is.
    store.getState().move('next');
    expect(store.getState().request.offset).toBe(store.getState().rowOffset);
    expect(store.getState().request.reveal).toBeUndefined();
  });
});

describe('fleet store fed by its stream', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('refuses a patch that does not fit what it holds, keeps it, says why, and takes a fresh snapshot', () => {
    const main = new ScriptedConsole();
    const store = createFleetStore();
    openResubscribingStream(main.client, fleetWindow, store.getState().request, {
      onEvent: (event) => store.getState().receive(event, t0),
      onEnd: (error) => store.getState().setStreamError(error),
    });
    const snapshotEvent = (snapshot: FleetSnapshot) =>
      fleetWindowEncoder(store.getState().request, () => snapshot)({ type: 'snapshot', snapshot })[0]!;
    const [first] = main.openStreams(fleetWindow.name);
    main.emit(first!, snapshotEvent(fleet()));
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
    expect(main.openStreams(fleetWindow.name)).toEqual([]);

    vi.advanceTimersByTime(1_000);
    const [second] = main.openStreams(fleetWindow.name);
    const recovered = { ...fleet(), generatedAt: t0 + 2 };
    main.emit(second!, snapshotEvent(recovered));
    expect(store.getState().snapshot).toEqual(recovered);
    expect(store.getState().streamError).toBeNull();
    expect(store.getState().services.get(keyOf('flarenet-staging', 'orders'))).toBe(
      held.services.get(keyOf('flarenet-staging', 'orders')),
    );
  });
});
