import { randomUUID } from 'node:crypto';
import type {
  GroupProtocol,
  GroupState,
  GroupView,
  JoinRequest,
  JoinResult,
  SyncRequest,
  SyncResult,
} from './groupRequests';
import { KafkaError } from './kafkaErrors';
import type { CommittedOffset, OffsetCommit, OffsetStore } from './offsetStore';

/**
 * The classic consumer group protocol as Kafka's GroupCoordinator runs it: members join,
 * the coordinator waits until every known member has (re)joined, bumps the generation,
 * picks a protocol all members support and a leader; the leader's SyncGroup hands every
 * member its assignment. A member joining or leaving, changing its subscription or
 * missing its session timeout starts a rebalance. Network clients and the simulation's
 * in-process members go through the same methods; replies arrive through callbacks.
 */

export interface CoordinatorOptions {
  now: () => number;
  offsets: OffsetStore;
  minSessionTimeoutMs?: number;
  maxSessionTimeoutMs?: number;
}

interface Member {
  readonly memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocols: readonly GroupProtocol[];
  assignment: Buffer;
  lastHeartbeatAt: number;
  /** Non-empty while the member waits for the join to complete. */
  joinReplies: Array<(result: JoinResult) => void>;
  syncReplies: Array<(result: SyncResult) => void>;
}

interface Group {
  readonly groupId: string;
  state: Exclude<GroupState, 'Dead'>;
  generationId: number;
  protocolType: string | null;
  protocolName: string | null;
  leaderId: string | null;
  /** In join order: the first to join an empty group leads it. */
  readonly members: Map<string, Member>;
  /** When the current PreparingRebalance or CompletingRebalance phase began. */
  phaseStartedAt: number;
}

const maxOffsetMetadataBytes = 4096;
const empty = Buffer.alloc(0);

export class GroupCoordinator {
  private readonly groups = new Map<string, Group>();
  private readonly now: () => number;
  private readonly offsets: OffsetStore;
  private readonly minSessionTimeoutMs: number;
  private readonly maxSessionTimeoutMs: number;
  private deferDepth = 0;
  private readonly deferred = new Set<Group>();

  constructor(options: CoordinatorOptions) {
    this.now = options.now;
    this.offsets = options.offsets;
    this.minSessionTimeoutMs = options.minSessionTimeoutMs ?? 1_000;
    this.maxSessionTimeoutMs = options.maxSessionTimeoutMs ?? 1_800_000;
  }

  /**
   * Runs `work` with join completion held back until it returns, so members that join in
   * the same instant (a service's tasks at start-up) land in one generation, as Kafka's
   * initial rebalance delay arranges.
   */
  batch(work: () => void): void {
    this.deferDepth++;
    try {
      work();
    } finally {
      this.deferDepth--;
      if (this.deferDepth === 0) {
        const groups = [...this.deferred];
        this.deferred.clear();
        for (const group of groups) this.maybeCompleteJoin(group);
      }
    }
  }

  join(request: JoinRequest, reply: (result: JoinResult) => void): void {
    const fail = (errorCode: number): void =>
      reply({
        errorCode,
        generationId: -1,
        protocolType: null,
        protocolName: null,
        leader: '',
        memberId: request.memberId,
        members: [],
      });
    if (request.groupId === '') return fail(KafkaError.invalidGroupId);
    if (
      request.sessionTimeoutMs < this.minSessionTimeoutMs ||
      request.sessionTimeoutMs > this.maxSessionTimeoutMs
    )
      return fail(KafkaError.invalidSessionTimeout);
    if (request.protocolType === '' || request.protocols.length === 0)
      return fail(KafkaError.inconsistentGroupProtocol);
    const group = this.groups.get(request.groupId) ?? this.createGroup(request.groupId);
    if (!this.acceptsProtocols(group, request)) return fail(KafkaError.inconsistentGroupProtocol);

    const now = this.now();
    if (request.memberId === '') {
      const memberId = request.newMemberId ?? `${request.clientId}-${randomUUID()}`;
      const member: Member = {
        memberId,
        groupInstanceId: request.groupInstanceId,
        clientId: request.clientId,
        clientHost: request.clientHost,
        sessionTimeoutMs: request.sessionTimeoutMs,
        rebalanceTimeoutMs:
          request.rebalanceTimeoutMs < 0 ? request.sessionTimeoutMs : request.rebalanceTimeoutMs,
        protocols: request.protocols,
        assignment: empty,
        lastHeartbeatAt: now,
        joinReplies: [reply],
        syncReplies: [],
      };
      group.members.set(memberId, member);
      group.protocolType ??= request.protocolType;
      if (group.state !== 'PreparingRebalance') this.prepareRebalance(group);
      this.maybeCompleteJoin(group);
      return;
    }

    const member = group.members.get(request.memberId);
    if (!member) return fail(KafkaError.unknownMemberId);
    const sameProtocols = sameProtocolsAs(member.protocols, request.protocols);
    member.clientId = request.clientId;
    member.clientHost = request.clientHost;
    member.sessionTimeoutMs = request.sessionTimeoutMs;
    member.rebalanceTimeoutMs =
      request.rebalanceTimeoutMs < 0 ? request.sessionTimeoutMs : request.rebalanceTimeoutMs;
    member.protocols = request.protocols;
    member.lastHeartbeatAt = now;
    const needsRebalance =
      group.state === 'PreparingRebalance' ||
      !sameProtocols ||
      (group.state === 'Stable' && member.memberId === group.leaderId);
    if (!needsRebalance) {
      // A member that missed its join response gets the current generation again.
      reply(this.joinResult(group, member));
      return;
    }
    member.joinReplies.push(reply);
    if (group.state !== 'PreparingRebalance') this.prepareRebalance(group);
    this.maybeCompleteJoin(group);
  }

  sync(request: SyncRequest, reply: (result: SyncResult) => void): void {
    const group = this.groups.get(request.groupId);
    const fail = (errorCode: number): void =>
      reply({ errorCode, protocolType: null, protocolName: null, assignment: empty });
    const member = group?.members.get(request.memberId);
    if (!group || !member) return fail(KafkaError.unknownMemberId);
    if (request.generationId !== group.generationId) return fail(KafkaError.illegalGeneration);
    if (group.state === 'PreparingRebalance') return fail(KafkaError.rebalanceInProgress);
    member.lastHeartbeatAt = this.now();
    if (group.state === 'Stable') {
      reply(this.syncResult(group, member));
      return;
    }
    member.syncReplies.push(reply);
    if (member.memberId !== group.leaderId) return;
    const given = new Map(request.assignments.map((entry) => [entry.memberId, entry.assignment]));
    for (const each of group.members.values()) each.assignment = given.get(each.memberId) ?? empty;
    group.state = 'Stable';
    const now = this.now();
    for (const each of group.members.values()) {
      const replies = each.syncReplies.splice(0);
      // As in Kafka, answering a member restarts its session.
      if (replies.length > 0) each.lastHeartbeatAt = now;
      for (const send of replies) send(this.syncResult(group, each));
    }
  }

  heartbeat(groupId: string, memberId: string, generationId: number): number {
    const group = this.groups.get(groupId);
    const member = group?.members.get(memberId);
    if (!group || !member) return KafkaError.unknownMemberId;
    if (generationId !== group.generationId) return KafkaError.illegalGeneration;
    member.lastHeartbeatAt = this.now();
    return group.state === 'PreparingRebalance' ? KafkaError.rebalanceInProgress : KafkaError.none;
  }

  leave(groupId: string, memberId: string): number {
    const group = this.groups.get(groupId);
    const member = group?.members.get(memberId);
    if (!group || !member) return KafkaError.unknownMemberId;
    this.removeMember(group, member);
    return KafkaError.none;
  }

  /** Expires members past their session timeout and rebalances that ran out of time. */
  checkTimeouts(): void {
    const now = this.now();
    const expired = (member: Member): boolean =>
      member.joinReplies.length === 0 &&
      member.syncReplies.length === 0 &&
      now - member.lastHeartbeatAt > member.sessionTimeoutMs;
    // Called every tick for every group: the common case, nobody silent and no rebalance
    // running long, allocates nothing.
    for (const group of [...this.groups.values()]) {
      let anyExpired = false;
      for (const member of group.members.values()) if (expired(member)) anyExpired = true;
      if (anyExpired)
        for (const member of [...group.members.values()])
          if (expired(member)) this.removeMember(group, member);
      let timeout = 0;
      for (const member of group.members.values()) timeout = Math.max(timeout, member.rebalanceTimeoutMs);
      if (now - group.phaseStartedAt < timeout) continue;
      if (group.state === 'PreparingRebalance') {
        for (const member of [...group.members.values()])
          if (member.joinReplies.length === 0) group.members.delete(member.memberId);
        this.completeJoin(group);
      } else if (group.state === 'CompletingRebalance') {
        // The leader never sent the assignment: members that did not sync are dropped.
        for (const member of [...group.members.values()])
          if (member.syncReplies.length === 0) group.members.delete(member.memberId);
        this.prepareRebalance(group);
        this.maybeCompleteJoin(group);
      }
    }
  }

  commitOffsets(
    groupId: string,
    memberId: string,
    generationId: number,
    commits: readonly OffsetCommit[],
  ): number[] {
    if (groupId === '') return everywhere(commits, KafkaError.invalidGroupId);
    let group = this.groups.get(groupId);
    if (!group) {
      if (generationId >= 0) return everywhere(commits, KafkaError.unknownMemberId);
      group = this.createGroup(groupId);
    }
    if (!(generationId < 0 && group.state === 'Empty')) {
      if (group.state === 'CompletingRebalance') return everywhere(commits, KafkaError.rebalanceInProgress);
      const member = group.members.get(memberId);
      if (!member) return everywhere(commits, KafkaError.unknownMemberId);
      if (generationId !== group.generationId) return everywhere(commits, KafkaError.illegalGeneration);
      member.lastHeartbeatAt = this.now();
    }
    const accepted = commits.filter((commit) => Buffer.byteLength(commit.metadata) <= maxOffsetMetadataBytes);
    this.offsets.commit(groupId, accepted, this.now());
    return commits.map((commit) =>
      accepted.includes(commit) ? KafkaError.none : KafkaError.offsetMetadataTooLarge,
    );
  }

  committed(groupId: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.offsets.committed(groupId, topic, partition);
  }

  committedOffsets(groupId: string): CommittedOffset[] {
    return this.offsets.committedOffsets(groupId);
  }

  /** Every group with members or committed offsets. */
  listGroups(): Array<{ groupId: string; protocolType: string; state: GroupState }> {
    const ids = new Set([...this.groups.keys(), ...this.offsets.groupIds()]);
    return [...ids].sort().map((groupId) => {
      const group = this.groups.get(groupId);
      return { groupId, protocolType: group?.protocolType ?? '', state: group?.state ?? 'Empty' };
    });
  }

  /** A group Kafka does not know is described as Dead with no members. */
  describeGroup(groupId: string): GroupView {
    const group = this.groups.get(groupId);
    if (!group) {
      const state = this.offsets.hasOffsets(groupId) ? 'Empty' : 'Dead';
      return {
        groupId,
        state,
        generationId: 0,
        protocolType: '',
        protocolName: '',
        leaderId: null,
        members: [],
      };
    }
    const stable = group.state === 'Stable';
    return {
      groupId,
      state: group.state,
      generationId: group.generationId,
      protocolType: group.protocolType ?? '',
      protocolName: stable ? (group.protocolName ?? '') : '',
      leaderId: group.leaderId,
      members: [...group.members.values()].map((member) => ({
        memberId: member.memberId,
        groupInstanceId: member.groupInstanceId,
        clientId: member.clientId,
        clientHost: member.clientHost,
        metadata: stable ? metadataFor(member, group.protocolName) : empty,
        assignment: stable ? member.assignment : empty,
      })),
    };
  }

  /** DeleteGroups: only a group without members can go; its offsets get tombstones. */
  deleteGroup(groupId: string): number {
    const group = this.groups.get(groupId);
    if (!group && !this.offsets.hasOffsets(groupId)) return KafkaError.groupIdNotFound;
    if (group && group.members.size > 0) return KafkaError.nonEmptyGroup;
    this.groups.delete(groupId);
    this.offsets.deleteGroup(groupId, this.now());
    return KafkaError.none;
  }

  private createGroup(groupId: string): Group {
    const group: Group = {
      groupId,
      state: 'Empty',
      generationId: 0,
      protocolType: null,
      protocolName: null,
      leaderId: null,
      members: new Map(),
      phaseStartedAt: this.now(),
    };
    this.groups.set(groupId, group);
    return group;
  }

  private acceptsProtocols(group: Group, request: JoinRequest): boolean {
    if (group.members.size === 0) return true;
    if (group.protocolType !== request.protocolType) return false;
    const others = [...group.members.values()].filter((member) => member.memberId !== request.memberId);
    return request.protocols.some((protocol) =>
      others.every((member) => member.protocols.some((candidate) => candidate.name === protocol.name)),
    );
  }

  private prepareRebalance(group: Group): void {
    if (group.state === 'CompletingRebalance') {
      for (const member of group.members.values()) {
        member.assignment = empty;
        if (member.syncReplies.length > 0) member.lastHeartbeatAt = this.now();
        for (const send of member.syncReplies.splice(0))
          send({
            errorCode: KafkaError.rebalanceInProgress,
            protocolType: null,
            protocolName: null,
            assignment: empty,
          });
      }
    }
    group.state = 'PreparingRebalance';
    group.phaseStartedAt = this.now();
  }

  private maybeCompleteJoin(group: Group): void {
    if (group.state !== 'PreparingRebalance') return;
    if (this.deferDepth > 0) {
      this.deferred.add(group);
      return;
    }
    if ([...group.members.values()].every((member) => member.joinReplies.length > 0))
      this.completeJoin(group);
  }

  private completeJoin(group: Group): void {
    group.generationId++;
    group.phaseStartedAt = this.now();
    if (group.members.size === 0) {
      group.state = 'Empty';
      group.protocolName = null;
      group.leaderId = null;
      return;
    }
    group.protocolName = selectProtocol([...group.members.values()]);
    if (group.leaderId === null || !group.members.has(group.leaderId))
      group.leaderId = group.members.keys().next().value ?? null;
    group.state = 'CompletingRebalance';
    for (const member of group.members.values()) {
      member.lastHeartbeatAt = this.now();
      const replies = member.joinReplies.splice(0);
      for (const send of replies) send(this.joinResult(group, member));
    }
  }

  private removeMember(group: Group, member: Member): void {
    group.members.delete(member.memberId);
    const gone = { errorCode: KafkaError.unknownMemberId, protocolType: null, protocolName: null };
    for (const send of member.joinReplies.splice(0))
      send({ ...gone, generationId: -1, leader: '', memberId: member.memberId, members: [] });
    for (const send of member.syncReplies.splice(0)) send({ ...gone, assignment: empty });
    if (group.state === 'Stable' || group.state === 'CompletingRebalance') this.prepareRebalance(group);
    this.maybeCompleteJoin(group);
  }

  private joinResult(group: Group, member: Member): JoinResult {
    const leads = member.memberId === group.leaderId;
    return {
      errorCode: KafkaError.none,
      generationId: group.generationId,
      protocolType: group.protocolType,
      protocolName: group.protocolName,
      leader: group.leaderId ?? '',
      memberId: member.memberId,
      members: leads
        ? [...group.members.values()].map((each) => ({
            memberId: each.memberId,
            groupInstanceId: each.groupInstanceId,
            metadata: metadataFor(each, group.protocolName),
          }))
        : [],
    };
  }

  private syncResult(group: Group, member: Member): SyncResult {
    return {
      errorCode: KafkaError.none,
      protocolType: group.protocolType,
      protocolName: group.protocolName,
      assignment: member.assignment,
    };
  }
}

function metadataFor(member: Member, protocolName: string | null): Buffer {
  return member.protocols.find((protocol) => protocol.name === protocolName)?.metadata ?? empty;
}

function sameProtocolsAs(a: readonly GroupProtocol[], b: readonly GroupProtocol[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (protocol, index) => protocol.name === b[index]!.name && protocol.metadata.equals(b[index]!.metadata),
    )
  );
}

/** Each member votes for its most preferred protocol that every member supports; most votes wins. */
function selectProtocol(members: readonly Member[]): string {
  const candidates = members[0]!.protocols
    .map((protocol) => protocol.name)
    .filter((name) => members.every((member) => member.protocols.some((protocol) => protocol.name === name)));
  const votes = new Map<string, number>(candidates.map((name) => [name, 0]));
  for (const member of members) {
    const choice = member.protocols.find((protocol) => votes.has(protocol.name));
    if (choice) votes.set(choice.name, votes.get(choice.name)! + 1);
  }
  let best = candidates[0]!;
  for (const name of candidates) if (votes.get(name)! > votes.get(best)!) best = name;
  return best;
}

/** One error code for every partition of a commit. */
function everywhere(commits: readonly OffsetCommit[], errorCode: number): number[] {
  return commits.map(() => errorCode);
}
