import { describe, expect, it } from 'vitest';
import {
  applyFleetDelta,
  applyFleetPatch,
  diffFleet,
  fleetStreamEncoder,
  sortServices,
} from '../fleet/fleetDelta';
import type { ClusterStatus, FleetSnapshot, FleetStreamEvent, ServiceSummary } from '../fleet/fleetModel';
import type { GroupLagSummary, KafkaClusterStatus, LagSnapshot, LagStreamEvent } from '../kafka/kafkaModel';
import { applyLagDelta, applyLagPatch, diffLag, lagStreamEncoder, sortLagGroups } from '../kafka/lagDelta';

/** A small seeded generator, so a failing sequence of edits can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const clusterNames = ['alpha', 'beta', 'gamma'];

function fleetCluster(name: string, at: number): ClusterStatus {
  return {
    environment: name === 'gamma' ? 'production' : 'staging',
    clusterName: name,
    clusterArn: `arn:aws:ecs:eu-west-1:123456789012:cluster/${name}`,
    state: 'ok',
    lastSuccessAt: at,
    error: null,
    serviceCount: 0,
    pollIntervalMs: 5_000,
    achievedIntervalMs: 5_000,
  };
}

function fleetService(cluster: ClusterStatus, name: string, at: number): ServiceSummary {
  return {
    key: `${cluster.clusterArn}|${name}`,
    environment: cluster.environment,
    clusterName: cluster.clusterName,
    clusterArn: cluster.clusterArn ?? '',
    serviceName: name,
    serviceArn: `arn:aws:ecs:eu-west-1:123456789012:service/${cluster.clusterName}/${name}`,
    status: 'ACTIVE',
    health: 'healthy',
    healthReason: '2/2 running',
    desiredCount: 2,
    runningCount: 2,
    pendingCount: 0,
    taskDefinitionArn: `arn:aws:ecs:eu-west-1:123456789012:task-definition/${name}:3`,
    family: name,
    revision: 3,
    image: `registry/${name}:v3`,
    imageTag: 'v3',
    deployments: [],
    newestEvent: null,
    observedAt: at,
  };
}

function fleetOf(count: number, at = 1_000): FleetSnapshot {
  const clusters = clusterNames.map((name) => fleetCluster(name, at));
  const services = Array.from({ length: count }, (_, i) =>
    fleetService(clusters[i % clusters.length]!, `service-${String(i).padStart(5, '0')}`, at),
  );
  return { clusters, services: sortServices(services, clusters), generatedAt: at };
}

/**
 * One poll of one cluster, as a monitor may make it: some services change, one may go or
 * come, the cluster's time moves; most services follow it, some quiet ones keep an older
 * `observedAt` (described less often), and the cluster may fail instead.
 */
function fleetStep(previous: FleetSnapshot, next: () => number, at: number): FleetSnapshot {
  const cluster = previous.clusters[Math.floor(next() * previous.clusters.length)]!;
  if (next() < 0.15) {
    const failed = {
      ...cluster,
      state: 'stale' as const,
      error: { code: 'UNAVAILABLE' as const, message: 'down' },
    };
    return {
      ...previous,
      clusters: previous.clusters.map((c) => (c === cluster ? failed : c)),
      generatedAt: at,
    };
  }
  const polled = { ...cluster, state: 'ok' as const, error: null, lastSuccessAt: at };
  const services: ServiceSummary[] = [];
  for (const service of previous.services) {
    if (service.clusterName !== cluster.clusterName) {
      services.push(service);
      continue;
    }
    const roll = next();
    if (roll < 0.03) continue;
    if (roll < 0.15) services.push(service);
    else if (roll < 0.3) {
      services.push({
        ...service,
        observedAt: at,
        runningCount: Math.floor(next() * 3),
        health: next() < 0.5 ? 'degraded' : 'healthy',
        ...(next() < 0.5 ? { tags: { 'flarenet:owner': 'team' } } : {}),
      });
    } else services.push({ ...service, observedAt: at });
  }
  if (next() < 0.3) services.push(fleetService(polled, `added-${at}`, at));
  const clusters = previous.clusters.map((c) => (c === cluster ? polled : c));
  return { clusters, services: sortServices(services, clusters), generatedAt: at };
}

function lagCluster(name: string, at: number): KafkaClusterStatus {
  return {
    name,
    environment: null,
    brokers: ['localhost:9092'],
    state: 'ok',
    lastSuccessAt: at,
    error: null,
    warnings: [],
    groupCount: 0,
    refreshIntervalMs: 5_000,
    commitSource: 'offset-polls',
    commitSourceNote: null,
  };
}

function lagGroup(cluster: string, groupId: string, at: number, points: number): GroupLagSummary {
  return {
    key: `${cluster}|${groupId}`,
    kafkaCluster: cluster,
    groupId,
    state: 'Stable',
    burrowStatus: 'OK',
    worstPartition: null,
    burrowReason: 'all partitions OK',
    findings: [],
    severity: 'ok',
    statusReason: 'all partitions OK',
    topics: ['orders'],
    partitionCount: 3,
    partitionsWithoutCommit: 0,
    memberCount: 2,
    lagUnknown: null,
    membersUnknown: null,
    totalLag: 10,
    maxLag: { topic: 'orders', partition: 0, lag: 4 },
    lagSeconds: 1.5,
    trend: 'flat',
    consumeRate: 12.5,
    produceRate: 12.5,
    eta: { kind: 'caught-up' },
    complete: 1,
    history: Array.from({ length: points }, (_, i) => ({ at: at - (points - i) * 5_000, totalLag: 10 + i })),
    ownerService: null,
    observedAt: at,
  };
}

function lagOf(count: number, at = 1_000, points = 10): LagSnapshot {
  const clusters = ['main', 'events'].map((name) => lagCluster(name, at));
  const groups = Array.from({ length: count }, (_, i) =>
    lagGroup(clusters[i % 2]!.name, `group-${String(i).padStart(5, '0')}`, at, points),
  );
  return { clusters, groups: sortLagGroups(groups, clusters), generatedAt: at };
}

/** One refresh of one cluster: lag moves on some groups, whose history grows by a point and stays bounded. */
function lagStep(previous: LagSnapshot, next: () => number, at: number): LagSnapshot {
  const cluster = previous.clusters[Math.floor(next() * previous.clusters.length)]!;
  const refreshed = { ...cluster, state: 'ok' as const, lastSuccessAt: at };
  const groups = previous.groups.flatMap((group) => {
    if (group.kafkaCluster !== cluster.name) return [group];
    const roll = next();
    if (roll < 0.02) return [];
    if (roll < 0.4) return [{ ...group, observedAt: at }];
    const totalLag = Math.floor(next() * 1000);
    return [{ ...group, observedAt: at, totalLag, history: [...group.history, { at, totalLag }].slice(-10) }];
  });
  if (next() < 0.3) groups.push(lagGroup(cluster.name, `added-${at}`, at, 2));
  const clusters = previous.clusters.map((c) => (c === cluster ? refreshed : c));
  return { clusters, groups: sortLagGroups(groups, clusters), generatedAt: at };
}

/**
 * Runs random edits through main's side (monitor delta, one subscriber's encoder) and the
 * page's side (patch applied to what it holds), checking at every step that the page holds
 * exactly what main holds and that every item equal to before is still the very same object.
 */
function followStream<S, E extends { type: string }>(
  start: S,
  steps: number,
  step: (previous: S, at: number) => S,
  sides: {
    diff(a: S, b: S): unknown;
    applyDelta(a: S, delta: never): S;
    encoder(): (event: never) => E[];
    applyPatch(a: S, event: E): S;
    items(s: S): readonly { key: string }[];
  },
): { bytes: number[] } {
  const encode = sides.encoder();
  const [snapshotEvent] = encode({ type: 'snapshot', snapshot: start } as never);
  let page = JSON.parse(JSON.stringify((snapshotEvent as unknown as { snapshot: S }).snapshot)) as S;
  let main = start;
  const bytes: number[] = [];
  for (let at = 2_000; at < 2_000 + steps * 1_000; at += 1_000) {
    const next = step(main, at);
    const delta = sides.diff(main, next);
    expect(sides.applyDelta(main, delta as never)).toEqual(next);
    const [event] = encode({ type: 'delta', delta } as never);
    if (event) {
      const wire = JSON.parse(JSON.stringify(event)) as E;
      bytes.push(JSON.stringify(wire).length);
      const before = new Map(sides.items(page).map((item) => [item.key, item]));
      page = sides.applyPatch(page, wire);
      for (const item of sides.items(page)) {
        const old = before.get(item.key);
        if (old && JSON.stringify(old) === JSON.stringify(item)) expect(item).toBe(old);
      }
    }
    // When nothing is sent the page keeps the time of the last event it had.
    expect({ ...page, generatedAt: 0 }).toEqual({ ...next, generatedAt: 0 });
    main = next;
  }
  return { bytes };
}

describe('a live collection streamed as patches', () => {
  it.each([1, 2, 3, 4, 5])(
    'keeps the fleet on the page equal to main, over random polls (seed %i)',
    (seed) => {
      const next = random(seed);
      followStream(fleetOf(60), 40, (previous, at) => fleetStep(previous, next, at), {
        diff: diffFleet,
        applyDelta: applyFleetDelta,
        encoder: fleetStreamEncoder,
        applyPatch: (page, event: FleetStreamEvent) =>
          event.type === 'delta' ? applyFleetPatch(page, event.delta) : page,
        items: (s) => s.services,
      });
    },
  );

  it.each([1, 2, 3])(
    'keeps consumer lag on the page equal to main, over random refreshes (seed %i)',
    (seed) => {
      const next = random(seed);
      followStream(lagOf(40), 40, (previous, at) => lagStep(previous, next, at), {
        diff: diffLag,
        applyDelta: applyLagDelta,
        encoder: lagStreamEncoder,
        applyPatch: (page, event: LagStreamEvent) =>
          event.type === 'delta' ? applyLagPatch(page, event.delta) : page,
        items: (s) => s.groups,
      });
    },
  );
});

describe('bytes a change costs', () => {
  it('sends under 1 KB when one service of 1,200 changes in a poll of its cluster', () => {
    const fleet = fleetOf(1_200);
    const encode = fleetStreamEncoder();
    encode({ type: 'snapshot', snapshot: fleet });
    const polled = fleet.clusters[0]!;
    const changedKey = fleet.services.find((s) => s.clusterName === polled.clusterName)!.key;
    const next: FleetSnapshot = {
      clusters: fleet.clusters.map((c) => (c === polled ? { ...c, lastSuccessAt: 6_000 } : c)),
      services: fleet.services.map((s) => {
        if (s.clusterName !== polled.clusterName) return s;
        return s.key === changedKey
          ? { ...s, observedAt: 6_000, runningCount: 1, health: 'degraded', healthReason: '1/2 running' }
          : { ...s, observedAt: 6_000 };
      }),
      generatedAt: 6_000,
    };
    const [event] = encode({ type: 'delta', delta: diffFleet(fleet, next) });
    expect(event?.type === 'delta' && event.delta.patched.map((p) => p.key)).toEqual([changedKey]);
    expect(JSON.stringify(event).length).toBeLessThan(1_024);
  });

  it('sends a cluster heartbeat only when a refresh of 1,000 quiet groups changes nothing', () => {
    const lag = lagOf(1_000, 1_000, 60);
    const encode = lagStreamEncoder();
    encode({ type: 'snapshot', snapshot: lag });
    const next: LagSnapshot = {
      clusters: lag.clusters.map((c) => ({ ...c, lastSuccessAt: 6_000 })),
      groups: lag.groups.map((g) => ({ ...g, observedAt: 6_000 })),
      generatedAt: 6_000,
    };
    const [event] = encode({ type: 'delta', delta: diffLag(lag, next) });
    expect(event?.type === 'delta' && event.delta.patched).toEqual([]);
    expect(JSON.stringify(event).length).toBeLessThan(400);
  });

  it('sends under 1 KB a group when every group of 1,000 moves, its sparkline as one new point', () => {
    const lag = lagOf(1_000, 1_000, 60);
    const encode = lagStreamEncoder();
    encode({ type: 'snapshot', snapshot: lag });
    const next: LagSnapshot = {
      clusters: lag.clusters.map((c) => ({ ...c, lastSuccessAt: 6_000 })),
      groups: lag.groups.map((g) => ({
        ...g,
        observedAt: 6_000,
        totalLag: 99,
        history: [...g.history.slice(1), { at: 6_000, totalLag: 99 }],
      })),
      generatedAt: 6_000,
    };
    const [event] = encode({ type: 'delta', delta: diffLag(lag, next) });
    if (event?.type !== 'delta') throw new Error('expected a patch');
    expect(event.delta.patched).toHaveLength(1_000);
    expect(event.delta.patched[0]?.append).toEqual({
      history: { trimmed: 1, points: [{ at: 6_000, totalLag: 99 }] },
    });
    expect(JSON.stringify(event).length / 1_000).toBeLessThan(1_024);
    expect(applyLagPatch(lag, event.delta)).toEqual(next);
  });
});

describe('a large first snapshot', () => {
  it('goes in pages: clusters, problems and the first services first, the rest in order, before any patch', () => {
    const fleet = fleetOf(2_500);
    const failing = new Set([fleet.services[2_400]!.key, fleet.services[1_000]!.key]);
    const withProblems = {
      ...fleet,
      services: fleet.services.map((s) => (failing.has(s.key) ? { ...s, health: 'failed' as const } : s)),
    };
    const encode = fleetStreamEncoder();
    const events = encode({ type: 'snapshot', snapshot: withProblems });
    const [first, ...rest] = events;
    if (first?.type !== 'snapshot') throw new Error('expected the snapshot first');
    expect(first.snapshot.clusters).toEqual(fleet.clusters);
    expect(first.snapshot.services.length).toBe(302);
    expect(
      first.snapshot.services
        .filter((s) => s.health === 'failed')
        .map((s) => s.key)
        .sort(),
    ).toEqual([...failing].sort());
    expect(first.remaining).toBe(2_198);
    expect(rest.map((e) => (e.type === 'more' ? [e.items.length, e.remaining] : e.type))).toEqual([
      [1_000, 1_198],
      [1_000, 198],
      [198, 0],
    ]);

    let page = first.snapshot;
    for (const event of rest) {
      if (event.type === 'more') {
        page = { ...page, services: sortServices([...page.services, ...event.items], page.clusters) };
      }
    }
    expect(page).toEqual(withProblems);

    const next = {
      ...withProblems,
      services: withProblems.services.map((s, i) => (i === 5 ? { ...s, runningCount: 0 } : s)),
    };
    const [patch] = encode({ type: 'delta', delta: diffFleet(withProblems, next) });
    expect(patch?.type === 'delta' && applyFleetPatch(page, patch.delta)).toEqual(next);
  });

  it('pages a patch that adds thousands of services, as when the page subscribed before the first poll ended', () => {
    const empty = { ...fleetOf(0), clusters: fleetOf(2_500).clusters };
    const full = fleetOf(2_500);
    const encode = fleetStreamEncoder();
    encode({ type: 'snapshot', snapshot: empty });
    const [first, ...rest] = encode({ type: 'delta', delta: diffFleet(empty, full) });
    if (first?.type !== 'delta') throw new Error('expected the patch first');
    expect(first.delta.added).toHaveLength(300);
    expect(rest.map((e) => (e.type === 'more' ? [e.items.length, e.remaining] : e.type))).toEqual([
      [1_000, 1_200],
      [1_000, 200],
      [200, 0],
    ]);
    let page = applyFleetPatch(empty, first.delta);
    for (const event of rest) {
      if (event.type === 'more') {
        page = { ...page, services: sortServices([...page.services, ...event.items], page.clusters) };
      }
    }
    expect(page).toEqual(full);
  });

  it('goes whole when it fits in the first page', () => {
    const events = lagStreamEncoder()({ type: 'snapshot', snapshot: lagOf(50) });
    expect(events).toEqual([{ type: 'snapshot', snapshot: lagOf(50) }]);
  });
});
