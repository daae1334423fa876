import type { SeededRandom } from '../seededRandom';
import type { BrokerLog } from './brokerLog';
import {
  assignPartitions,
  decodeAssignment,
  decodeSubscriptionTopics,
  encodeAssignment,
  encodeSubscription,
  simulatedAssignors,
} from './consumerProtocol';
import type { GroupCoordinator } from './groupCoordinator';
import type { JoinResult, SyncResult } from './groupRequests';
import type { ConsumerGroupBlueprint } from './kafkaCatalogue';
import { KafkaError } from './kafkaErrors';

/**
 * One service's consumer group, played by its ECS tasks: each running task is a member
 * that joins through the coordinator, heartbeats, consumes its assigned partitions at the
 * task's capacity and commits every commit interval, as a Java consumer with auto-commit
 * does. A task of a broken release joins like any other but never processes or commits,
 * and when it dies it does not leave: the coordinator has to time it out, which is what
 * turns a crash-looping deployment into a rebalance storm.
 *
 * Misbehaviours a scenario can set: `stall` keeps the members in the group, heartbeating
 * and committing the offsets they stopped at; `stop` is a consumer that has really stopped:
 * every member leaves the group (a consumer closed, its application left running) and
 * nothing is committed, so the group is Empty and its partitions have no owner until it is
 * told to carry on, when the members join again from the committed offsets; `rewind`
 * moves the offsets back now and then.
 */

export type ConsumerBehaviour = 'normal' | 'stall' | 'stop' | 'rewind';

export interface ConsumerTask {
  taskId: string;
  /** The task's private IP, shown as the member's client host. */
  host: string;
  /** False for a task of a broken release: it holds partitions but gets nothing done. */
  processes: boolean;
}

export interface ConsumerPace {
  heartbeatMs: number;
  sessionTimeoutMs: number;
  commitIntervalMs: number;
  /** How long a member takes to give up its partitions and rejoin once it hears of a rebalance. */
  revokeMs: number;
  /** How often a rewinding group moves its offsets back again. */
  rewindEveryMs: number;
}

interface TopicPartition {
  topic: string;
  partition: number;
}

interface SimMember {
  task: ConsumerTask;
  readonly clientId: string;
  memberId: string;
  /** The id the coordinator knows the member by while its join is pending. */
  joiningAs: string;
  generationId: number;
  phase: 'idle' | 'joining' | 'syncing' | 'stable';
  joinAt: number;
  pendingJoin: JoinResult | null;
  pendingSync: SyncResult | null;
  assignment: TopicPartition[];
  /** The member's position on each partition of its assignment, in the same order. */
  positions: number[];
  budget: number;
  nextHeartbeatAt: number;
  nextCommitAt: number;
}

const rebalanceTimeoutMs = 300_000;

function dueToJoin(member: SimMember, now: number): boolean {
  return member.phase === 'idle' && member.joinAt <= now;
}

export class SimulatedConsumerGroup {
  private readonly members = new Map<string, SimMember>();
  private readonly subscription: Buffer;
  private currentBehaviour: ConsumerBehaviour = 'normal';
  /** The tasks the members were last matched to; the same array again means nothing changed. */
  private followed: readonly ConsumerTask[] | null = null;
  private nextRewindAt = Number.POSITIVE_INFINITY;

  constructor(
    readonly blueprint: ConsumerGroupBlueprint,
    private readonly coordinator: GroupCoordinator,
    private readonly log: BrokerLog,
    private readonly random: SeededRandom,
    private readonly pace: ConsumerPace,
  ) {
    this.subscription = encodeSubscription(blueprint.topics);
  }

  get groupId(): string {
    return this.blueprint.groupId;
  }

  get behaviour(): ConsumerBehaviour {
    return this.currentBehaviour;
  }

  setBehaviour(behaviour: ConsumerBehaviour, now: number): void {
    this.currentBehaviour = behaviour;
    this.nextRewindAt = behaviour === 'rewind' ? now : Number.POSITIVE_INFINITY;
  }

  /** Members in the simulation (live tasks), not counting timed-out ones the coordinator still holds. */
  get memberCount(): number {
    return this.members.size;
  }

  step(now: number, elapsedMs: number, tasks: readonly ConsumerTask[]): void {
    this.followTasks(now, tasks);
    if (this.currentBehaviour === 'stop') {
      for (const member of this.members.values()) this.stayOut(member, now);
      return;
    }
    let joining = false;
    for (const member of this.members.values()) if (dueToJoin(member, now)) joining = true;
    if (joining)
      this.coordinator.batch(() => {
        for (const member of this.members.values()) if (dueToJoin(member, now)) this.join(member);
      });
    for (const member of this.members.values()) this.handleJoin(member, now);
    for (const member of this.members.values()) this.handleSync(member, now);
    for (const member of this.members.values()) this.heartbeat(member, now);
    const rewinding = this.currentBehaviour === 'rewind' && now >= this.nextRewindAt;
    for (const member of this.members.values()) {
      if (member.phase !== 'stable' || !member.task.processes) continue;
      if (rewinding) this.rewind(member);
      if (this.currentBehaviour === 'normal' || this.currentBehaviour === 'rewind')
        this.consume(member, elapsedMs);
      if (rewinding || now >= member.nextCommitAt) {
        this.commit(member);
        member.nextCommitAt = now + this.pace.commitIntervalMs;
      }
    }
    if (rewinding) this.nextRewindAt = now + this.pace.rewindEveryMs;
  }

  private followTasks(now: number, tasks: readonly ConsumerTask[]): void {
    if (tasks === this.followed) return;
    this.followed = tasks;
    const live = new Map(tasks.map((task) => [task.taskId, task]));
    for (const [taskId, member] of this.members) {
      if (live.has(taskId)) continue;
      this.members.delete(taskId);
      // A working task shuts down cleanly: it commits and leaves. A broken one just dies.
      if (member.task.processes && member.memberId !== '') {
        if (member.phase === 'stable') this.commit(member);
        this.coordinator.leave(this.groupId, member.memberId);
      }
    }
    for (const task of tasks) {
      const member = this.members.get(task.taskId);
      if (member) member.task = task;
      else
        this.members.set(task.taskId, {
          task,
          clientId: `${this.blueprint.service}-${task.taskId}`,
          memberId: '',
          joiningAs: '',
          generationId: -1,
          phase: 'idle',
          joinAt: now,
          pendingJoin: null,
          pendingSync: null,
          assignment: [],
          positions: [],
          budget: 0,
          nextHeartbeatAt: Number.POSITIVE_INFINITY,
          nextCommitAt: Number.POSITIVE_INFINITY,
        });
    }
  }

  /** A stopped consumer leaves the group, even in the middle of joining it, and stays out. */
  private stayOut(member: SimMember, now: number): void {
    const leaving = member.phase === 'joining' ? member.joiningAs : member.memberId;
    if (leaving !== '') this.coordinator.leave(this.groupId, leaving);
    // Leaving answers a pending join or sync; those answers are for a member that is gone.
    member.pendingJoin = null;
    member.pendingSync = null;
    member.memberId = '';
    member.joiningAs = '';
    member.phase = 'idle';
    member.assignment = [];
    member.positions = [];
    member.nextHeartbeatAt = Number.POSITIVE_INFINITY;
    member.nextCommitAt = Number.POSITIVE_INFINITY;
    // Told to carry on, it joins again at once.
    member.joinAt = now;
  }

  private join(member: SimMember): void {
    member.phase = 'joining';
    member.assignment = [];
    member.positions = [];
    const newMemberId = `${member.clientId}-${this.random.uuid()}`;
    member.joiningAs = member.memberId === '' ? newMemberId : member.memberId;
    this.coordinator.join(
      {
        groupId: this.groupId,
        memberId: member.memberId,
        groupInstanceId: null,
        clientId: member.clientId,
        clientHost: `/${member.task.host}`,
        sessionTimeoutMs: this.pace.sessionTimeoutMs,
        rebalanceTimeoutMs,
        protocolType: 'consumer',
        protocols: simulatedAssignors.map((name) => ({ name, metadata: this.subscription })),
        newMemberId,
      },
      (result) => {
        if (this.members.get(member.task.taskId) === member) member.pendingJoin = result;
      },
    );
  }

  private handleJoin(member: SimMember, now: number): void {
    const result = member.pendingJoin;
    if (!result) return;
    member.pendingJoin = null;
    if (result.errorCode !== KafkaError.none) {
      if (result.errorCode === KafkaError.unknownMemberId) member.memberId = '';
      this.rejoinLater(member, now);
      return;
    }
    member.memberId = result.memberId;
    member.generationId = result.generationId;
    member.phase = 'syncing';
    const assignments =
      result.leader === result.memberId ? this.assign(result.protocolName ?? 'range', result.members) : [];
    this.coordinator.sync(
      { groupId: this.groupId, generationId: result.generationId, memberId: result.memberId, assignments },
      (sync) => {
        if (this.members.get(member.task.taskId) === member) member.pendingSync = sync;
      },
    );
  }

  /** The leader's job: assign every subscribed partition, to real clients in the group too. */
  private assign(
    strategy: string,
    members: JoinResult['members'],
  ): Array<{ memberId: string; assignment: Buffer }> {
    const subscribers = members.map((member) => {
      let topics: string[] = [];
      try {
        topics = decodeSubscriptionTopics(member.metadata);
      } catch {
        // A member whose subscription cannot be read gets nothing.
      }
      return { memberId: member.memberId, topics };
    });
    const plan = assignPartitions(
      strategy,
      subscribers,
      (topic) => this.log.topic(topic)?.partitions.length ?? 0,
    );
    return [...plan].map(([memberId, assignment]) => ({
      memberId,
      assignment: encodeAssignment(assignment),
    }));
  }

  private handleSync(member: SimMember, now: number): void {
    const result = member.pendingSync;
    if (!result) return;
    member.pendingSync = null;
    if (result.errorCode !== KafkaError.none) {
      if (result.errorCode === KafkaError.unknownMemberId) member.memberId = '';
      this.rejoinLater(member, now);
      return;
    }
    member.phase = 'stable';
    member.assignment = [...decodeAssignment(result.assignment)].flatMap(([topic, partitions]) =>
      partitions.map((partition) => ({ topic, partition })),
    );
    member.positions = member.assignment.map(({ topic, partition }) => this.startingOffset(topic, partition));
    member.nextHeartbeatAt = now + this.random.jitter(this.pace.heartbeatMs, 0.5);
    member.nextCommitAt = now + this.random.int(0, this.pace.commitIntervalMs);
  }

  /** Where a member starts on a partition: the group's commit, else the end (auto.offset.reset=latest). */
  private startingOffset(topic: string, partition: number): number {
    const log = this.log.partition(topic, partition);
    const committed = this.coordinator.committed(this.groupId, topic, partition)?.offset;
    if (!log) return committed ?? 0;
    return Math.min(Math.max(committed ?? log.endOffset, log.logStartOffset), log.endOffset);
  }

  private heartbeat(member: SimMember, now: number): void {
    if (member.phase !== 'stable' || now < member.nextHeartbeatAt) return;
    member.nextHeartbeatAt = now + this.pace.heartbeatMs;
    const errorCode = this.coordinator.heartbeat(this.groupId, member.memberId, member.generationId);
    if (errorCode === KafkaError.none) return;
    // Eager rebalancing: the member commits what it has, gives up its partitions and rejoins.
    if (errorCode === KafkaError.rebalanceInProgress) this.commit(member);
    if (errorCode === KafkaError.unknownMemberId) member.memberId = '';
    this.rejoinLater(member, now);
  }

  private rejoinLater(member: SimMember, now: number): void {
    member.phase = 'idle';
    member.assignment = [];
    member.positions = [];
    member.joinAt = now + this.random.jitter(this.pace.revokeMs, 0.5);
  }

  /** Spends the member's capacity for the elapsed time evenly on its partitions; what one does not need goes to the others. */
  private consume(member: SimMember, elapsedMs: number): void {
    const { assignment, positions } = member;
    if (assignment.length === 0) return;
    member.budget += (this.blueprint.messagesPerTaskPerSecond * elapsedMs) / 1000;
    // Indexes of the partitions with a backlog, and how far behind each is.
    const behind: number[] = [];
    const lags: number[] = [];
    for (let index = 0; index < assignment.length; index++) {
      const log = this.log.partition(assignment[index]!.topic, assignment[index]!.partition);
      if (!log) continue;
      // Retention moved past the position: the consumer resets to the earliest offset.
      const position = Math.max(positions[index] ?? log.endOffset, log.logStartOffset);
      positions[index] = position;
      const lag = log.endOffset - position;
      if (lag > 0) {
        behind.push(index);
        lags[index] = lag;
      }
    }
    // The least behind first, each taking an even share of what is left.
    if (behind.length > 1) behind.sort((a, b) => lags[a]! - lags[b]!);
    let available = Math.floor(member.budget);
    for (let rank = 0; rank < behind.length && available > 0; rank++) {
      const index = behind[rank]!;
      const share = Math.max(1, Math.floor(available / (behind.length - rank)));
      const taken = Math.min(lags[index]!, share, available);
      positions[index] = positions[index]! + taken;
      available -= taken;
      member.budget -= taken;
    }
    // Capacity unused while caught up is not saved for later.
    member.budget = Math.min(member.budget, 1);
  }

  /** Moves the member's positions back, as a replay would: up to 500 messages, at most half of what the log still holds. */
  private rewind(member: SimMember): void {
    member.assignment.forEach(({ topic, partition }, index) => {
      const log = this.log.partition(topic, partition);
      const position = member.positions[index];
      if (!log || position === undefined) return;
      const depth = Math.max(1, Math.min(500, Math.floor((position - log.logStartOffset) / 2)));
      member.positions[index] = Math.max(log.logStartOffset, position - depth);
    });
  }

  private commit(member: SimMember): void {
    if (this.currentBehaviour === 'stop' || !member.task.processes || member.assignment.length === 0) return;
    this.coordinator.commitOffsets(
      this.groupId,
      member.memberId,
      member.generationId,
      member.assignment.map(({ topic, partition }, index) => ({
        topic,
        partition,
        offset: member.positions[index] ?? this.startingOffset(topic, partition),
        leaderEpoch: 0,
        metadata: '',
      })),
    );
  }
}
