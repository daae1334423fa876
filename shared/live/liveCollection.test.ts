import { describe, expect, it } from 'vitest';
import {
  applyFleetDelta,
  applyFleetPatch,
  diffFleet,
  fleetStreamEncoder,
  sortServices,
} from '../fleet/fleetDelta';
import {
  fleetStreamEventSchema,
  type DeploymentSummary,
  type FleetSnapshot,
  type FleetStreamEvent,
  type ServiceSummary,
} from '../fleet/fleetModel';
import {
  lagStreamEventSchema,
  type ConsoleFinding,
  type LagSnapshot,
  type LagStreamEvent,
} from '../kafka/kafkaModel';
import { applyLagDelta, applyLagPatch, diffLag, lagStreamEncoder, sortLagGroups } from '../kafka/lagDelta';
import { fleetOf, fleetService, lagGroup, lagOf, random } from '../testing/liveCollectionTestData';

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
    } else if (roll < 0.45) {
      services.push({
        ...service,
        observedAt: at,
        deployments: deploymentsStep(service.deployments, next, at),
      });
    } else services.push({ ...service, observedAt: at });
  }
  if (next() < 0.3) services.push(fleetService(polled, `added-${at}`, at));
  const clusters = previous.clusters.map((c) => (c === cluster ? polled : c));
  return { clusters, services: sortServices(services, clusters), generatedAt: at };
}

/** One refresh of one cluster: lag moves on some groups, whose history grows by a point and stays bounded. */
/**
 * What a poll may find of a service's deployments: a new one first, counts moving on one,
 * an old one gone, the order changed, or none left.
 */
function deploymentsStep(
  deployments: DeploymentSummary[],
  next: () => number,
  at: number,
): DeploymentSummary[] {
  const roll = next();
  if (roll < 0.35 || deployments.length === 0) {
    const started: DeploymentSummary = {
      id: `ecs-svc/${at}`,
      status: 'PRIMARY',
      rolloutState: 'IN_PROGRESS',
      rolloutStateReason: null,
      taskDefinitionArn: `arn:aws:ecs:eu-west-1:123456789012:task-definition/app:${at}`,
      family: 'app',
      revision: at,
      desiredCount: 2,
      runningCount: 0,
      pendingCount: 0,
      failedTasks: 0,
      createdAt: at,
      updatedAt: at,
    };
    return [started, ...deployments.map((d) => (d.status === 'PRIMARY' ? { ...d, status: 'ACTIVE' } : d))];
  }
  if (roll < 0.7) {
    const moved = Math.floor(next() * deployments.length);
    return deployments.map((d, i) =>
      i === moved ? { ...d, runningCount: d.runningCount + 1, updatedAt: at } : d,
    );
  }
  if (roll < 0.85) return deployments.slice(0, -1);
  if (roll < 0.95) return [...deployments].reverse();
  return [];
}

/** What a refresh may find of a group's findings: one found, one gone, one worse. */
function findingsStep(findings: ConsoleFinding[], next: () => number): ConsoleFinding[] {
  const roll = next();
  const kinds = ['no-consumer-assigned', 'rebalancing-without-end', 'lag-rising-while-still'] as const;
  const kind = kinds[Math.floor(next() * kinds.length)]!;
  const existing = findings.find((f) => f.kind === kind);
  if (roll < 0.4 && !existing) {
    return [...findings, { kind, severity: 'warn', summary: `${kind} since ${roll}`, partitions: [] }];
  }
  if (roll < 0.7) return findings.filter((f) => f.kind !== kind);
  return findings.map((f) => (f.kind === kind ? { ...f, severity: 'error', summary: `worse ${roll}` } : f));
}

function lagStep(previous: LagSnapshot, next: () => number, at: number): LagSnapshot {
  const cluster = previous.clusters[Math.floor(next() * previous.clusters.length)]!;
  const refreshed = { ...cluster, state: 'ok' as const, lastSuccessAt: at };
  const groups = previous.groups.flatMap((group) => {
    if (group.kafkaCluster !== cluster.name) return [group];
    const roll = next();
    if (roll < 0.02) return [];
    if (roll < 0.4) return [{ ...group, observedAt: at }];
    if (roll < 0.55) return [{ ...group, observedAt: at, findings: findingsStep(group.findings, next) }];
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
    /** The contract's schema, which the page parses every event with. */
    schema: { parse(event: unknown): E };
  },
): { bytes: number[]; wires: string[] } {
  const encode = sides.encoder();
  const [snapshotEvent] = encode({ type: 'snapshot', snapshot: start } as never);
  let page = JSON.parse(JSON.stringify((snapshotEvent as unknown as { snapshot: S }).snapshot)) as S;
  let main = start;
  const bytes: number[] = [];
  const wires: string[] = [];
  for (let at = 2_000; at < 2_000 + steps * 1_000; at += 1_000) {
    const next = step(main, at);
    const delta = sides.diff(main, next);
    expect(sides.applyDelta(main, delta as never)).toEqual(next);
    const [event] = encode({ type: 'delta', delta } as never);
    if (event) {
      const text = JSON.stringify(event);
      const wire = sides.schema.parse(JSON.parse(text));
      bytes.push(text.length);
      wires.push(text);
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
  return { bytes, wires };
}

describe('a live collection streamed as patches', () => {
  it.each([1, 2, 3, 4, 5])(
    'keeps the fleet on the page equal to main, over random polls (seed %i)',
    (seed) => {
      const next = random(seed);
      const { wires } = followStream(fleetOf(60), 60, (previous, at) => fleetStep(previous, next, at), {
        diff: diffFleet,
        applyDelta: applyFleetDelta,
        encoder: fleetStreamEncoder,
        applyPatch: (page, event: FleetStreamEvent) =>
          event.type === 'delta' ? applyFleetPatch(page, event.delta) : page,
        items: (s) => s.services,
        schema: fleetStreamEventSchema,
      });
      // The walk went through every kind of patch of a service's deployments.
      for (const kind of ['"deployments":[', '"head":', '"edit":', '"remove":', '"groupAges":'])
        expect(wires.some((wire) => wire.includes(kind))).toBe(true);
    },
  );

  it.each([1, 2, 3])(
    'keeps consumer lag on the page equal to main, over random refreshes (seed %i)',
    (seed) => {
      const next = random(seed);
      const { wires } = followStream(lagOf(40), 60, (previous, at) => lagStep(previous, next, at), {
        diff: diffLag,
        applyDelta: applyLagDelta,
        encoder: lagStreamEncoder,
        applyPatch: (page, event: LagStreamEvent) =>
          event.type === 'delta' ? applyLagPatch(page, event.delta) : page,
        items: (s) => s.groups,
        schema: lagStreamEventSchema,
      });
      for (const kind of ['"findings":{', '"tail":', '"edit":', '"remove":', '"history":{"trimmed"'])
        expect(wires.some((wire) => wire.includes(kind))).toBe(true);
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
    expect(event?.type === 'delta' && event.delta.patched?.map((p) => p.key)).toEqual([changedKey]);
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
    expect(event?.type === 'delta' && event.delta.patched).toBeUndefined();
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
    expect(event.delta.patched?.[0]?.append).toEqual({
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
    expect(first.snapshot.services.length).toBe(122);
    expect(
      first.snapshot.services
        .filter((s) => s.health === 'failed')
        .map((s) => s.key)
        .sort(),
    ).toEqual([...failing].sort());
    expect(first.remaining).toBe(2_378);
    expect(rest.map((e) => (e.type === 'more' ? [e.items.length, e.remaining] : e.type))).toEqual([
      [1_000, 1_378],
      [1_000, 378],
      [378, 0],
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
    expect(first.delta.added).toHaveLength(120);
    expect(rest.map((e) => (e.type === 'more' ? [e.items.length, e.remaining] : e.type))).toEqual([
      [1_000, 1_380],
      [1_000, 380],
      [380, 0],
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
