import { describe, expect, it } from 'vitest';
import { applyFleetPatch, diffFleet, fleetStreamEncoder } from '../fleet/fleetDelta';
import {
  fleetStreamEventSchema,
  type DeploymentSummary,
  type FleetPatch,
  type FleetSnapshot,
} from '../fleet/fleetModel';
import { applyLagPatch } from '../kafka/lagDelta';
import { fleetOf, lagOf } from '../testing/liveCollectionTestData';
import { KeyedPatchError } from './keyedPatchError';

function deployment(id: string, status: string, runningCount: number): DeploymentSummary {
  return {
    id,
    status,
    rolloutState: status === 'PRIMARY' ? 'IN_PROGRESS' : 'COMPLETED',
    rolloutStateReason: `ECS deployment ${id} in progress.`,
    taskDefinitionArn: `arn:aws:ecs:eu-west-1:123456789012:task-definition/app:${id.length}`,
    family: 'app',
    revision: id.length,
    desiredCount: 4,
    runningCount,
    pendingCount: 0,
    failedTasks: 0,
    createdAt: 1_000,
    updatedAt: 1_000,
  };
}

/** The fleet after one poll of `cluster`, with `change` made to its first service. */
function polled(
  fleet: FleetSnapshot,
  at: number,
  change: (service: FleetSnapshot['services'][number]) => Partial<FleetSnapshot['services'][number]>,
): FleetSnapshot {
  const first = fleet.services[0]!;
  return {
    clusters: fleet.clusters.map((c) => ({ ...c, lastSuccessAt: at })),
    services: fleet.services.map((s) => ({ ...s, observedAt: at, ...(s === first ? change(s) : {}) })),
    generatedAt: at,
  };
}

/** The patch that crosses for `next`, as the page parses it. */
function crossing(
  encode: ReturnType<typeof fleetStreamEncoder>,
  previous: FleetSnapshot,
  next: FleetSnapshot,
) {
  const [event] = encode({ type: 'delta', delta: diffFleet(previous, next) });
  const text = JSON.stringify(event);
  const parsed = fleetStreamEventSchema.parse(JSON.parse(text));
  if (parsed.type !== 'delta') throw new Error('expected a patch');
  return { patch: parsed.delta, bytes: text.length };
}

describe("a service's deployments patched one by one", () => {
  it('sends a step of a rollout as the counts that moved, and the page keeps the other deployment as it was', () => {
    const older = deployment('ecs-svc/old', 'ACTIVE', 4);
    const fleet = polled(fleetOf(30), 1_000, () => ({
      deployments: [deployment('ecs-svc/new', 'PRIMARY', 1), older],
    }));
    const encode = fleetStreamEncoder();
    encode({ type: 'snapshot', snapshot: fleet });
    const page = structuredClone(fleet);

    const next = polled(fleet, 6_000, (s) => ({
      deployments: [{ ...s.deployments[0]!, runningCount: 2, updatedAt: 6_000 }, s.deployments[1]!],
    }));
    const { patch, bytes } = crossing(encode, fleet, next);
    expect(patch.patched).toEqual([
      {
        key: fleet.services[0]!.key,
        elements: {
          deployments: { edit: [{ key: 'ecs-svc/new', set: { runningCount: 2, updatedAt: 6_000 } }] },
        },
      },
    ]);
    expect(bytes).toBeLessThan(300);

    const after = applyFleetPatch(page, patch);
    expect(after).toEqual(next);
    expect(after.services[0]!.deployments[1]).toBe(page.services[0]!.deployments[1]);
  });

  it('sends a new deployment whole and first, the one it replaces as its changed status', () => {
    const primary = deployment('ecs-svc/old', 'PRIMARY', 4);
    const fleet = polled(fleetOf(3), 1_000, () => ({ deployments: [primary] }));
    const encode = fleetStreamEncoder();
    encode({ type: 'snapshot', snapshot: fleet });
    const started = deployment('ecs-svc/new', 'PRIMARY', 0);
    const next = polled(fleet, 6_000, () => ({ deployments: [started, { ...primary, status: 'ACTIVE' }] }));
    const { patch } = crossing(encode, fleet, next);
    expect(patch.patched?.[0]?.elements?.deployments).toEqual({
      edit: [{ key: 'ecs-svc/old', set: { status: 'ACTIVE' } }],
      head: [started],
    });
    expect(applyFleetPatch(structuredClone(fleet), patch)).toEqual(next);
  });
});

describe('a long text that kept its start or end', () => {
  it('sends what is between them, and the page puts the text back together', () => {
    const fleet = fleetOf(3);
    const encode = fleetStreamEncoder();
    encode({ type: 'snapshot', snapshot: fleet });
    const next = polled(fleet, 6_000, (s) => ({
      taskDefinitionArn: s.taskDefinitionArn.replace(/:3$/, ':14'),
      image: 'registry/other:v3',
      healthReason: 'x',
    }));
    const { patch } = crossing(encode, fleet, next);
    const arn = next.services[0]!.taskDefinitionArn;
    expect(patch.patched?.[0]).toEqual({
      key: fleet.services[0]!.key,
      set: { healthReason: 'x', image: 'registry/other:v3' },
      splice: { taskDefinitionArn: [arn.length - 2, arn.length - 1, '14'] },
    });
    expect(applyFleetPatch(structuredClone(fleet), patch)).toEqual(next);
  });

  it('keeps a character made of two halves whole, wherever the texts part', () => {
    const fleet = polled(fleetOf(1), 1_000, () => ({ healthReason: 'running well on every task \u{1F600}' }));
    const encode = fleetStreamEncoder();
    encode({ type: 'snapshot', snapshot: fleet });
    const next = polled(fleet, 2_000, () => ({ healthReason: 'running well on every task \u{1F603}' }));
    const { patch } = crossing(encode, fleet, next);
    expect(patch.patched?.[0]?.splice).toBeDefined();
    expect(applyFleetPatch(fleet, patch)).toEqual(next);
  });
});

describe('the heartbeat of a quiet poll', () => {
  it("is each group's age in the order both sides keep, nothing about any service", () => {
    const fleet = fleetOf(300);
    const encode = fleetStreamEncoder();
    encode({ type: 'snapshot', snapshot: fleet });
    const next = polled(fleet, 6_250, () => ({}));
    const { patch, bytes } = crossing(encode, fleet, next);
    expect(patch).toEqual({ groupAges: [0, 0, 0], generatedAt: 6_250 });
    expect(bytes).toBeLessThan(100);
    expect(applyFleetPatch(fleet, patch)).toEqual(next);
  });

  it('leaves out a group that did not move, and sends its other changes beside its age', () => {
    const fleet = fleetOf(30);
    const encode = fleetStreamEncoder();
    encode({ type: 'snapshot', snapshot: fleet });
    const [alpha, beta, gamma] = fleet.clusters;
    const next: FleetSnapshot = {
      ...fleet,
      clusters: [{ ...alpha!, lastSuccessAt: 5_000, pollIntervalMs: 2_000 }, beta!, gamma!],
      services: fleet.services.map((s) =>
        s.clusterName === alpha!.clusterName ? { ...s, observedAt: 5_000 } : s,
      ),
      generatedAt: 5_400,
    };
    const { patch } = crossing(encode, fleet, next);
    expect(patch.groupAges).toEqual([400, null, null]);
    expect(patch.groupsPatched).toEqual([{ key: 'staging\u0000alpha', set: { pollIntervalMs: 2_000 } }]);
    expect(applyFleetPatch(fleet, patch)).toEqual(next);
  });
});

describe('a patch that does not fit what the page holds', () => {
  const fleet = fleetOf(6);
  const service = fleet.services[0]!;
  const refusals: [string, FleetPatch, RegExp][] = [
    [
      'an item that is not there',
      { patched: [{ key: 'nope', set: { runningCount: 1 } }], generatedAt: 2 },
      /item "nope"/,
    ],
    ['a removal of an item that is not there', { removed: ['nope'], generatedAt: 2 }, /item "nope"/],
    ['an item added twice', { added: [service], generatedAt: 2 }, /adds item ".*", which is already there/],
    [
      'a group that is not there',
      { groupsPatched: [{ key: 'nope', set: {} }], generatedAt: 2 },
      /group "nope"/,
    ],
    ['ages for other groups', { groupAges: [1, 2], generatedAt: 2 }, /2 group ages, and there are 3 groups/],
    [
      'a splice past the end of a text',
      { patched: [{ key: service.key, splice: { image: [0, 500, 'x'] } }], generatedAt: 2 },
      /replaces characters 0 to 500 of "image" of ".*", which has \d+/,
    ],
    [
      'a deployment that is not there',
      {
        patched: [{ key: service.key, elements: { deployments: { remove: ['ecs-svc/9'] } } }],
        generatedAt: 2,
      },
      /removes element "ecs-svc\/9", which is not there/,
    ],
  ];
  it.each(refusals)('is refused, naming what is wrong: %s', (_name, patch, reason) => {
    const before = structuredClone(fleet);
    expect(() => applyFleetPatch(fleet, patch)).toThrow(KeyedPatchError);
    expect(() => applyFleetPatch(fleet, patch)).toThrow(reason);
    expect(fleet).toEqual(before);
  });

  it('is refused when it trims points a sparkline does not have, or patches elements of a field without keys', () => {
    const lag = lagOf(2, 1_000, 3);
    const key = lag.groups[0]!.key;
    expect(() =>
      applyLagPatch(lag, {
        patched: [{ key, append: { history: { trimmed: 5, points: [] } } }],
        generatedAt: 2,
      }),
    ).toThrow(/trims 5 points off "history" of ".*", which has 3/);
    expect(() =>
      applyLagPatch(lag, {
        patched: [{ key, elements: { topics: { remove: ['orders'] } } as never }],
        generatedAt: 2,
      }),
    ).toThrow(/patches elements of "topics", which has no keyed elements/);
  });
});
