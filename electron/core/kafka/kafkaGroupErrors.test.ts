import { afterEach, describe, expect, it } from 'vitest';
import { startKafkaTestSandbox, type ManualClock, type Sandbox } from '../../testing/sandboxTestHarness';
import type { GroupLagSummary } from '../../../shared/kafka/kafkaModel';
import { kafkaErrorCode } from './kafkajsWire';
import { LagMonitor } from './lagMonitor';

/**
 * Errors that belong to one group inside a batched answer (FindCoordinator v4, OffsetFetch
 * v8, DescribeGroups), as a cluster gives them while a coordinator moves or loads its
 * groups: the sandbox broker answers a chosen group with a chosen error, and only that
 * group's figures are unknown, with the reason, until a later refresh reads it again.
 */

const failing = 'payment-service';
const others = ['analytics-service', 'inventory-service', 'notification-service', 'order-service'];
const lagApis = ['FindCoordinator', 'OffsetFetch', 'DescribeGroups'];

interface Rig {
  sandbox: Sandbox;
  clock: ManualClock;
  monitor: LagMonitor;
}

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.monitor.stop();
  await rig?.sandbox.close();
  rig = null;
});

async function startRig(): Promise<Rig> {
  const { sandbox, clock } = await startKafkaTestSandbox({ trafficMs: 10_000 });
  const monitor = new LagMonitor({
    clusters: [{ name: 'errors', brokers: [sandbox.kafkaBootstrap] }],
    now: () => clock.now(),
    connection: { retries: 0, requestTimeoutMs: 5000 },
  });
  return { sandbox, clock, monitor };
}

/** Moves the sandbox on, refreshes, and returns the requests that refresh made by API. */
async function step(current: Rig): Promise<Record<string, number>> {
  const { broker } = current.sandbox.kafka;
  current.sandbox.advance(2000);
  const before = broker.requestCountsByApi();
  await current.monitor.refresh();
  const after = broker.requestCountsByApi();
  return Object.fromEntries(lagApis.map((api) => [api, (after.get(api) ?? 0) - (before.get(api) ?? 0)]));
}

function group(current: Rig, groupId: string): GroupLagSummary {
  const found = current.monitor.snapshot().groups.find((g) => g.groupId === groupId);
  if (!found) throw new Error(`no group ${groupId} in the snapshot`);
  return found;
}

/** The other groups are read as the broker holds them, the cluster is fine. */
function expectOthersRead(current: Rig): void {
  expect(current.monitor.snapshot().clusters[0]).toMatchObject({ state: 'ok', error: null });
  const traffic = current.sandbox.kafka.traffic!;
  for (const groupId of others) {
    const read = group(current, groupId);
    expect(read.lagUnknown).toBeNull();
    expect(read.totalLag).toBe(traffic.totalLag(groupId));
    expect(read.memberCount).toBeGreaterThan(0);
  }
}

function expectUnknown(summary: GroupLagSummary, message: RegExp): void {
  expect(summary.lagUnknown?.message).toMatch(message);
  expect(summary).toMatchObject({ severity: 'unknown', burrowStatus: 'NOTFOUND' });
  expect(summary.statusReason).toMatch(/^lag unknown: /);
}

describe('a group whose coordinator cannot be found, inside a batched FindCoordinator answer', () => {
  it.each([
    ['COORDINATOR_NOT_AVAILABLE', kafkaErrorCode.coordinatorNotAvailable],
    ['COORDINATOR_LOAD_IN_PROGRESS', kafkaErrorCode.coordinatorLoadInProgress],
  ])('with %s is unknown with the reason, the others read; found at the next refresh', async (name, code) => {
    rig = await startRig();
    rig.sandbox.kafka.broker.faults.failGroup('FindCoordinator', failing, code);
    await step(rig);

    expectOthersRead(rig);
    const unknown = group(rig, failing);
    expectUnknown(
      unknown,
      new RegExp(`\\(FindCoordinator answered ${name}\\); asked again at the next refresh$`),
    );
    expect(unknown.lagUnknown?.code).toBe('UNAVAILABLE');
    // Never described: its members are not known either, rather than none.
    expect(unknown.memberCount).toBeNull();
    expect(unknown.membersUnknown?.message).toContain(name);

    rig.sandbox.kafka.broker.faults.clear();
    // Only that group's coordinator is asked for again.
    expect(await step(rig)).toMatchObject({ FindCoordinator: 1, DescribeGroups: 1 });
    const read = group(rig, failing);
    expect(read.lagUnknown).toBeNull();
    expect(read.membersUnknown).toBeNull();
    expect(read.totalLag).toBe(rig.sandbox.kafka.traffic!.totalLag(failing));
    expectOthersRead(rig);
  });
});

describe('a group answered with an error inside a batched OffsetFetch answer', () => {
  it('loading its offsets: unknown with the reason while the others are read, its coordinator kept', async () => {
    rig = await startRig();
    await step(rig);
    rig.sandbox.kafka.broker.faults.failGroup(
      'OffsetFetch',
      failing,
      kafkaErrorCode.coordinatorLoadInProgress,
    );
    // Asked once, not again at once: a coordinator loading its groups answers the same a moment later.
    expect(await step(rig)).toMatchObject({ FindCoordinator: 0, OffsetFetch: 1 });
    expectOthersRead(rig);
    expectUnknown(
      group(rig, failing),
      /^the group's coordinator is still loading it \(OffsetFetch answered COORDINATOR_LOAD_IN_PROGRESS\)/,
    );
    expect(group(rig, failing).burrowStatus).not.toBe('OK');

    rig.sandbox.kafka.broker.faults.clear();
    expect(await step(rig)).toMatchObject({ FindCoordinator: 0, OffsetFetch: 1 });
    expect(group(rig, failing).lagUnknown).toBeNull();
    expect(group(rig, failing).totalLag).toBe(rig.sandbox.kafka.traffic!.totalLag(failing));
  });

  it('NOT_COORDINATOR once: its coordinator is found again and the group asked alone, in the same refresh', async () => {
    rig = await startRig();
    await step(rig);
    rig.sandbox.kafka.broker.faults.failGroup('OffsetFetch', failing, kafkaErrorCode.notCoordinator, 1);
    expect(await step(rig)).toMatchObject({ FindCoordinator: 1, OffsetFetch: 2 });
    expectOthersRead(rig);
    expect(group(rig, failing).lagUnknown).toBeNull();
    expect(group(rig, failing).totalLag).toBe(rig.sandbox.kafka.traffic!.totalLag(failing));
  });

  it('NOT_COORDINATOR again: unknown with the reason, its coordinator dropped and asked for at the next refresh', async () => {
    rig = await startRig();
    await step(rig);
    rig.sandbox.kafka.broker.faults.failGroup('OffsetFetch', failing, kafkaErrorCode.notCoordinator);
    await step(rig);
    expectOthersRead(rig);
    expectUnknown(
      group(rig, failing),
      /^the group's coordinator moved \(OffsetFetch answered NOT_COORDINATOR\)/,
    );

    rig.sandbox.kafka.broker.faults.clear();
    expect(await step(rig)).toMatchObject({ FindCoordinator: 1, OffsetFetch: 1 });
    expect(group(rig, failing).lagUnknown).toBeNull();
    expect(group(rig, failing).totalLag).toBe(rig.sandbox.kafka.traffic!.totalLag(failing));
  });
});

describe('a group answered with an error inside a batched DescribeGroups answer', () => {
  it('has its members unknown with the reason, its lag still read, and is described at the next refresh', async () => {
    rig = await startRig();
    rig.sandbox.kafka.broker.faults.failGroup(
      'DescribeGroups',
      failing,
      kafkaErrorCode.coordinatorLoadInProgress,
    );
    await step(rig);
    expectOthersRead(rig);
    const undescribed = group(rig, failing);
    expect(undescribed.memberCount).toBeNull();
    expect(undescribed.membersUnknown?.message).toMatch(
      /\(DescribeGroups answered COORDINATOR_LOAD_IN_PROGRESS\)/,
    );
    expect(undescribed.lagUnknown).toBeNull();
    expect(undescribed.totalLag).toBe(rig.sandbox.kafka.traffic!.totalLag(failing));

    rig.sandbox.kafka.broker.faults.clear();
    expect(await step(rig)).toMatchObject({ DescribeGroups: 1 });
    expect(group(rig, failing).membersUnknown).toBeNull();
    expect(group(rig, failing).memberCount).toBeGreaterThan(0);
  });
});
