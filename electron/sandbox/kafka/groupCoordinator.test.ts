import { describe, expect, it } from 'vitest';
import { BrokerLog } from './brokerLog';
import { encodeSubscription } from './consumerProtocol';
import { GroupCoordinator } from './groupCoordinator';
import type { JoinRequest, JoinResult, SyncResult } from './groupRequests';
import { KafkaError } from './kafkaErrors';
import { OffsetStore } from './offsetStore';

function setup() {
  let now = Date.UTC(2025, 5, 2, 9, 0, 0);
  const log = new BrokerLog();
  log.createTopic('orders', 2);
  const coordinator = new GroupCoordinator({ now: () => now, offsets: new OffsetStore(log, 5) });
  const join = (memberId: string, overrides: Partial<JoinRequest> = {}) => {
    const replies: JoinResult[] = [];
    coordinator.join(
      {
        groupId: 'g',
        memberId,
        groupInstanceId: null,
        clientId: 'client',
        clientHost: '/127.0.0.1',
        sessionTimeoutMs: 10_000,
        rebalanceTimeoutMs: 30_000,
        protocolType: 'consumer',
        protocols: [{ name: 'range', metadata: encodeSubscription(['orders']) }],
        ...overrides,
      },
      (result) => replies.push(result),
    );
    return replies;
  };
  const sync = (
    memberId: string,
    generationId: number,
    assignments: Array<{ memberId: string; assignment: Buffer }> = [],
  ) => {
    const replies: SyncResult[] = [];
    coordinator.sync({ groupId: 'g', memberId, generationId, assignments }, (result) => replies.push(result));
    return replies;
  };
  return { coordinator, join, sync, log, advance: (ms: number) => (now += ms) };
}

describe('the group coordinator', () => {
  it('makes the first member leader of generation 1 and waits for everyone when a second joins', () => {
    const { coordinator, join, sync } = setup();
    const [first] = join('', { newMemberId: 'a' });
    expect(first).toMatchObject({
      errorCode: 0,
      generationId: 1,
      leader: 'a',
      memberId: 'a',
      protocolName: 'range',
    });
    expect(first!.members.map((member) => member.memberId)).toEqual(['a']);
    expect(sync('a', 1, [{ memberId: 'a', assignment: Buffer.from('all') }])[0]!.assignment.toString()).toBe(
      'all',
    );
    expect(coordinator.describeGroup('g').state).toBe('Stable');

    const second = join('', { newMemberId: 'b' });
    expect(second).toEqual([]);
    expect(coordinator.describeGroup('g').state).toBe('PreparingRebalance');
    expect(coordinator.heartbeat('g', 'a', 1)).toBe(KafkaError.rebalanceInProgress);
    const rejoined = join('a');
    expect(rejoined[0]).toMatchObject({ generationId: 2, leader: 'a' });
    expect(rejoined[0]!.members).toHaveLength(2);
    expect(second[0]).toMatchObject({ generationId: 2, leader: 'a', members: [] });

    const follower = sync('b', 2);
    expect(follower).toEqual([]);
    sync('a', 2, [
      { memberId: 'a', assignment: Buffer.from('p0') },
      { memberId: 'b', assignment: Buffer.from('p1') },
    ]);
    expect(follower[0]!.assignment.toString()).toBe('p1');
    expect(coordinator.heartbeat('g', 'b', 2)).toBe(KafkaError.none);
  });

  it('holds members that join together to one generation', () => {
    const { coordinator, join } = setup();
    let replies: JoinResult[][] = [];
    coordinator.batch(() => {
      replies = ['a', 'b', 'c'].map((id) => join('', { newMemberId: id }));
    });
    expect(replies.map((reply) => reply[0]!.generationId)).toEqual([1, 1, 1]);
    expect(replies[0]![0]!.members).toHaveLength(3);
  });

  it('drops a member that misses its session timeout and rebalances the rest', () => {
    const { coordinator, join, sync, advance } = setup();
    coordinator.batch(() => {
      join('', { newMemberId: 'a' });
      join('', { newMemberId: 'b', sessionTimeoutMs: 5_000 });
    });
    sync('a', 1, []);
    advance(4_000);
    expect(coordinator.heartbeat('g', 'a', 1)).toBe(KafkaError.none);
    advance(2_000);
    coordinator.checkTimeouts();
    expect(coordinator.describeGroup('g').members.map((member) => member.memberId)).toEqual(['a']);
    expect(coordinator.heartbeat('g', 'a', 1)).toBe(KafkaError.rebalanceInProgress);
    expect(join('a')[0]).toMatchObject({ generationId: 2, members: [{ memberId: 'a' }] });
  });

  it('drops a leader that keeps heartbeating but never sends assignments, after the rebalance timeout', () => {
    const { coordinator, join, sync, advance } = setup();
    coordinator.batch(() => {
      join('', { newMemberId: 'a' });
      join('', { newMemberId: 'b' });
    });
    const waiting = sync('b', 1);
    for (let i = 0; i < 3; i++) {
      advance(8_000);
      expect(coordinator.heartbeat('g', 'a', 1)).toBe(KafkaError.none);
      coordinator.checkTimeouts();
    }
    expect(waiting).toEqual([]);
    expect(coordinator.describeGroup('g').state).toBe('CompletingRebalance');
    advance(8_000);
    coordinator.checkTimeouts();
    expect(waiting[0]).toMatchObject({ errorCode: KafkaError.rebalanceInProgress });
    expect(coordinator.describeGroup('g').members.map((member) => member.memberId)).toEqual(['b']);
  });

  it('drops a silent leader after its session timeout', () => {
    const { coordinator, join, sync, advance } = setup();
    coordinator.batch(() => {
      join('', { newMemberId: 'a' });
      join('', { newMemberId: 'b' });
    });
    const waiting = sync('b', 1);
    advance(11_000);
    coordinator.checkTimeouts();
    expect(waiting[0]).toMatchObject({ errorCode: KafkaError.rebalanceInProgress });
    expect(coordinator.describeGroup('g')).toMatchObject({
      state: 'PreparingRebalance',
      members: [{ memberId: 'b' }],
    });
  });

  it('refuses members without a protocol in common, unknown members and stale generations', () => {
    const { coordinator, join, sync } = setup();
    join('', { newMemberId: 'a' });
    expect(join('', { protocols: [{ name: 'sticky', metadata: Buffer.alloc(0) }] })[0]!.errorCode).toBe(
      KafkaError.inconsistentGroupProtocol,
    );
    expect(join('', { protocolType: 'connect' })[0]!.errorCode).toBe(KafkaError.inconsistentGroupProtocol);
    expect(join('nobody')[0]!.errorCode).toBe(KafkaError.unknownMemberId);
    expect(join('', { sessionTimeoutMs: 10 })[0]!.errorCode).toBe(KafkaError.invalidSessionTimeout);
    expect(sync('a', 7)[0]!.errorCode).toBe(KafkaError.illegalGeneration);
    expect(coordinator.heartbeat('g', 'a', 0)).toBe(KafkaError.illegalGeneration);
    expect(coordinator.heartbeat('g', 'nobody', 1)).toBe(KafkaError.unknownMemberId);
    expect(coordinator.leave('g', 'nobody')).toBe(KafkaError.unknownMemberId);
  });

  it('takes commits from current members and from groups that only store offsets', () => {
    const { coordinator, join, sync } = setup();
    const commit = (groupId: string, memberId: string, generationId: number, offset: number) =>
      coordinator.commitOffsets(groupId, memberId, generationId, [
        { topic: 'orders', partition: 0, offset, leaderEpoch: -1, metadata: '' },
      ]);
    expect(commit('standalone', '', -1, 5)).toEqual([KafkaError.none]);
    expect(coordinator.committed('standalone', 'orders', 0)?.offset).toBe(5);
    expect(coordinator.describeGroup('standalone')).toMatchObject({ state: 'Empty', members: [] });

    join('', { newMemberId: 'a' });
    expect(commit('g', 'a', 1, 3)).toEqual([KafkaError.rebalanceInProgress]);
    sync('a', 1, []);
    expect(commit('g', 'a', 1, 3)).toEqual([KafkaError.none]);
    expect(commit('g', '', -1, 4)).toEqual([KafkaError.unknownMemberId]);
    expect(commit('g', 'a', 0, 4)).toEqual([KafkaError.illegalGeneration]);
    expect(coordinator.committed('g', 'orders', 0)?.offset).toBe(3);

    expect(coordinator.deleteGroup('g')).toBe(KafkaError.nonEmptyGroup);
    expect(coordinator.leave('g', 'a')).toBe(KafkaError.none);
    expect(coordinator.describeGroup('g').state).toBe('Empty');
    expect(coordinator.deleteGroup('g')).toBe(KafkaError.none);
    expect(coordinator.deleteGroup('g')).toBe(KafkaError.groupIdNotFound);
    expect(coordinator.committed('g', 'orders', 0)).toBeUndefined();
  });
});
