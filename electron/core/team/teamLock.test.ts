import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKafkaTestSandbox, type KafkaTestSandbox } from '../../testing/sandboxTestHarness';
import { kafkaClient } from '../../testing/kafkaTestClients';
import { kafkaApiKey, startKafkaRefusingProxy } from '../../testing/kafkaRefusingProxy';
import {
  operationsLogConfigSchema,
  RecordDeduplicator,
  type OperationsHolder,
  type ClaimedRecord,
  type OperationsTarget,
} from './operationsLog';
import { OperationsLogConnection } from './operationsLogConnection';
import { LeaseLapsed, lockHolder, TeamLock, type ClaimOutcome } from './teamLock';

/**
 * The team lock against the sandbox's broker, through kafkajs: each claimer has a kafkajs
 * client of its own, as two console hosts and a CLI on three machines would.
 */

const config = operationsLogConfigSchema.parse({ topic: 'flarenet-console.operations-lock-tests' });
const clusterArn = 'arn:aws:ecs:eu-west-1:123456789012:cluster/flarenet-production';

const holders: OperationsHolder[] = [
  { identity: 'arn:aws:sts::123456789012:assumed-role/oncall/ana', via: 'host', hostname: 'ana-laptop' },
  { identity: 'arn:aws:sts::123456789012:assumed-role/oncall/ben', via: 'host', hostname: 'ben-desktop' },
  { identity: 'arn:aws:sts::123456789012:assumed-role/runbook/ci', via: 'cli', hostname: 'runner-7' },
];

/** One clock for every claimer, moved by the tests: the claims are at the same moment. */
const clock = { at: Date.now(), now: () => clock.at, advance: (ms: number) => (clock.at += ms) };

let harness: KafkaTestSandbox;
let connections: OperationsLogConnection[];
let locks: TeamLock[];

const lockOf = (holder: number, leaseMs?: number) =>
  new TeamLock({ log: connections[holder]!, holder: holders[holder]!, now: clock.now, leaseMs });

const freshTarget = (name: string): OperationsTarget => ({ clusterArn, service: `${name}-${randomUUID()}` });

const claim = (lock: TeamLock, target: OperationsTarget, actionId = randomUUID()) =>
  lock.claim({ actionId, target, summary: `roll back ${target.service} :4 → :3` });

function refusal(outcome: ClaimOutcome) {
  if (outcome.held) throw new Error('The claim was expected to be refused, and it holds the lock');
  return outcome;
}

beforeAll(async () => {
  harness = await startKafkaTestSandbox();
  connections = holders.map(
    (holder) =>
      new OperationsLogConnection(
        kafkaClient(harness.sandbox.kafkaBootstrap, `lock-${holder.hostname}`),
        config,
      ),
  );
  // The first creates the topic; the others find it.
  await connections[0]!.connect();
  await Promise.all(connections.slice(1).map((connection) => connection.connect()));
  locks = holders.map((_, index) => lockOf(index));
});

afterAll(async () => {
  await Promise.all(connections.map((connection) => connection.disconnect()));
  await harness.sandbox.close();
});

describe('the team lock', () => {
  it('lets exactly one of three simultaneous claimers win, 20 times over, and the others name it', async ({
    annotate,
  }) => {
    const winners = new Map<string, number>();
    const startOrders = [
      [0, 1, 2],
      [1, 2, 0],
      [2, 0, 1],
      [0, 2, 1],
      [2, 1, 0],
      [1, 0, 2],
    ];
    let firstCallerWon = 0;
    for (let round = 0; round < 20; round++) {
      const target = freshTarget('race');
      const actionIds = holders.map(() => randomUUID());
      // All three are sent in the same tick; who calls first turns each round, so no claimer
      // is always ahead on its way to the broker.
      const order = startOrders[round % startOrders.length]!;
      const started = order.map((index) => claim(locks[index]!, target, actionIds[index]));
      const outcomes = await Promise.all(holders.map((_, index) => started[order.indexOf(index)]!));
      const won = outcomes.flatMap((outcome, index) => (outcome.held ? [index] : []));
      expect(won, `round ${round}: the claimers that hold the lock`).toHaveLength(1);
      const winner = won[0]!;
      for (const [index, outcome] of outcomes.entries()) {
        if (index === winner) continue;
        const { holder, withdrawn } = refusal(outcome);
        expect(holder).toMatchObject({ holder: holders[winner], actionId: actionIds[winner] });
        expect(holder.summary).toBe(`roll back ${target.service} :4 → :3`);
        expect(withdrawn).toBe(true);
      }
      winners.set(holders[winner]!.hostname, (winners.get(holders[winner]!.hostname) ?? 0) + 1);
      if (order[0] === winner) firstCallerWon += 1;
      const held = outcomes[winner]!;
      if (held.held) await held.lease.release();
    }
    const seen = [...winners].map(([host, count]) => `${host} ${count}`).join(', ');
    await annotate(
      `Winners over 20 rounds of three simultaneous claims: ${seen}; the first to call won ${firstCallerWon} of 20`,
    );
    expect([...winners.values()].reduce((sum, count) => sum + count, 0)).toBe(20);
  });

  it('stops honouring a claim whose holder vanished once its lease has run out', async () => {
    const target = freshTarget('vanished');
    const vanished = await claim(lockOf(0, 2_000), target);
    expect(vanished.held).toBe(true);
    // The holder neither renews nor releases.
    clock.advance(1_500);
    expect(refusal(await claim(locks[1]!, target)).holder.holder).toEqual(holders[0]);
    clock.advance(600);
    const after = await claim(locks[1]!, target);
    expect(after.held).toBe(true);
    if (after.held) await after.lease.release();
  });

  it('gives the lock to the next claimer once the holder releases it', async () => {
    const target = freshTarget('released');
    const first = await claim(locks[0]!, target);
    const waitingAction = randomUUID();
    expect(refusal(await claim(locks[2]!, target, waitingAction)).holder.holder).toEqual(holders[0]);
    if (!first.held) throw new Error('The first claim was expected to hold the lock');
    await first.lease.release();
    // The refused claimer tries again with the same action: its withdrawn claim is history.
    const again = await claim(locks[2]!, target, waitingAction);
    expect(again.held).toBe(true);
    if (again.held) await again.lease.release();
  });

  it('keeps a renewed lease winning past its first expiry, and refuses to renew one that lapsed', async () => {
    const target = freshTarget('renewed');
    const since = clock.now();
    const first = await claim(lockOf(0, 2_000), target);
    if (!first.held) throw new Error('The first claim was expected to hold the lock');
    clock.advance(1_500);
    await first.lease.renew();
    clock.advance(1_000);
    // The first claim said 2 s; the renewal carries it to 3.5 s.
    const refused = refusal(await claim(locks[1]!, target));
    expect(refused.holder).toMatchObject({ holder: holders[0], since, leaseExpiresAt: since + 3_500 });
    clock.advance(1_500);
    await expect(first.lease.renew()).rejects.toThrow(LeaseLapsed);
    const next = await claim(locks[1]!, target);
    expect(next.held).toBe(true);
    if (next.held) await next.lease.release();
  });

  it('counts a record read twice once, so a late duplicate of a released claim blocks nobody', async () => {
    const target = freshTarget('duplicated');
    const actionId = randomUUID();
    const claimRecord: ClaimedRecord = {
      v: 1,
      kind: 'claimed',
      recordId: randomUUID(),
      actionId,
      target,
      holder: holders[0]!,
      at: clock.now(),
      leaseExpiresAt: clock.now() + 60_000,
      summary: `roll back ${target.service} :4 → :3`,
    };
    const written = await connections[0]!.append(claimRecord);
    const { leaseExpiresAt: _expiry, summary: _summary, ...common } = claimRecord;
    await connections[0]!.append({ ...common, kind: 'released', recordId: randomUUID(), reason: 'finished' });
    // The same claim again, as a producer that restarted and resent what it had not heard back about.
    const duplicate = await connections[0]!.append(claimRecord);
    const read = await connections[1]!.read(written.partition, written.offset, duplicate.offset);
    const mine = read.filter((logged) => logged.record.recordId === claimRecord.recordId);
    expect(mine.map((logged) => logged.offset)).toEqual([written.offset, duplicate.offset]);
    expect(
      new RecordDeduplicator()
        .firstTimeOnly(read)
        .filter((logged) => logged.record.recordId === claimRecord.recordId),
    ).toHaveLength(1);
    // Counted twice, the duplicate would be a new claim after the release, holding the lock.
    expect(lockHolder(read, target, clock.now())).toBeNull();
    const next = await claim(locks[1]!, target);
    expect(next.held).toBe(true);
    if (next.held) await next.lease.release();
  });

  it('takes part through a broker that gives this program no producer id, its sends then written at least once', async () => {
    const proxy = await startKafkaRefusingProxy({
      upstream: harness.sandbox.kafkaBootstrap,
      refuse: { [kafkaApiKey.initProducerId]: { answer: 'unsupported' } },
    });
    const olderBroker = new OperationsLogConnection(
      kafkaClient(proxy.bootstrap, 'lock-older-broker'),
      config,
    );
    try {
      await olderBroker.connect();
      expect(olderBroker.idempotent).toBe(false);
      expect(connections[0]!.idempotent).toBe(true);
      const lock = new TeamLock({ log: olderBroker, holder: holders[2]!, now: clock.now });
      const target = freshTarget('older-broker');
      const held = await claim(locks[0]!, target);
      expect(refusal(await claim(lock, target)).holder.holder).toEqual(holders[0]);
      if (held.held) await held.lease.release();
      const next = await claim(lock, target);
      expect(next.held).toBe(true);
      if (next.held) await next.lease.release();
    } finally {
      await olderBroker.disconnect();
      await proxy.close();
    }
  });

  it('takes back a claim it could not decide, so that claim blocks nobody', async () => {
    const proxy = await startKafkaRefusingProxy({
      upstream: harness.sandbox.kafkaBootstrap,
      refuse: { [kafkaApiKey.listOffsets]: { answer: 'unsupported' } },
    });
    const cannotRead = new OperationsLogConnection(kafkaClient(proxy.bootstrap, 'lock-cannot-read'), config);
    try {
      await cannotRead.connect();
      const lock = new TeamLock({ log: cannotRead, holder: holders[1]!, now: clock.now });
      const target = freshTarget('undecided');
      await expect(claim(lock, target)).rejects.toThrow();
      const next = await claim(locks[0]!, target);
      expect(next.held).toBe(true);
      if (next.held) await next.lease.release();
    } finally {
      await cannotRead.disconnect();
      await proxy.close();
    }
  });
});
