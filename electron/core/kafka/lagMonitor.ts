import { Kafka, type Admin } from 'kafkajs';
import {
  ClusterLagTracker,
  type GroupLagFigures,
  type LagTrackerOptions,
} from '../../../shared/kafka/groupLag';
import { diffLag, isLagDeltaEmpty, sortLagGroups } from '../../../shared/kafka/lagDelta';
import type {
  GroupLagDetails,
  GroupLagSummary,
  KafkaClusterStatus,
  LagEvent,
  LagSnapshot,
  PartitionLag,
  TopicInfo,
} from '../../../shared/kafka/kafkaModel';
import type { IpcError } from '../../../shared/ipc/result';
import type { KafkaClusterConfig } from '../config/consoleConfig';
import { ConsoleError } from '../ipc/consoleError';
import { backoffDelayMs } from '../fleet/pollBackoff';
import { PollSchedule, type Timers } from '../fleet/pollSchedule';
import { groupOwnerResolver, taggedGroupsOf } from '../../../shared/kafka/groupOwners';
import type { ServiceTags } from '../../../shared/topology/serviceTags';
import { defaultEvaluatorOptions } from '../../../shared/kafka/burrowEvaluator';
import { CommitLogReader, type LogEnds } from './commitLogReader';
import { CommitTurns } from './commitTurns';
import { consumerOffsetsTopic } from './offsetCommitRecords';
import { describeKafkaCluster, kafkaClientConfig, type KafkaConnectionOptions } from './kafkaConnection';
import { GroupDescriptions } from './groupDescriptions';
import { KafkaBatchRequests } from './kafkaBatchRequests';
import { describeKafkaFailure } from './kafkaFailure';
import {
  partitionInputs,
  readLag,
  type GroupMember,
  type GroupReading,
  type LagReading,
} from './kafkaLagReader';
import { listTopicInfo } from './kafkaTopicList';
import { RefreshPacer } from './refreshPacer';
import { tailGroupPrefix } from './topicTailSessions';

/**
 * Consumer lag of every group on every configured Kafka cluster, refreshed on a schedule
 * per cluster: kafkajs' admin client reads groups, members, committed and end offsets, and
 * the shared tracker judges each group by Burrow's rules and by the console's own findings
 * (shared/kafka/groupLag.ts).
 *
 * Burrow's rules judge commits with their times, which only the commit log has: from its
 * first successful refresh on, each cluster also reads `__consumer_offsets` as Burrow does
 * (`CommitLogReader`), and each refresh waits, a bounded while, for the reader to have read
 * what was committed before it. A cluster whose commit log cannot be read (no permission to
 * read the internal topic, a broker that does not serve it) falls back to the committed
 * offsets it polls, says so in its status, and tries the commit log again a while later.
 *
 * Refreshes start an interval apart, from start to start (`RefreshPacer`); a commit read from
 * the log that may have turned a group to ERR brings the next one forward (`CommitTurns`), so
 * a stalled or rewound consumer is judged about when Burrow would judge it, at any scale.
 *
 * Each cluster succeeds or fails alone. A cluster that stops answering keeps its last
 * values and turns `stale` (or `error` with no data yet), its error in words; it is retried
 * with exponential backoff and jitter. Nothing here throws into a timer or leaves a promise
 * rejected: every failure becomes a cluster status. Subscribers get a snapshot first, then
 * only what changed.
 */

/** The least time from one refresh's start to the next, whatever brings it forward. */
const minimumPauseMs = 1000;

export interface LagMonitorOptions {
  clusters: readonly KafkaClusterConfig[];
  connection?: KafkaConnectionOptions;
  /** The ECS service names of the fleet, for the naming convention that finds a group's owner. */
  knownServices?: () => readonly string[];
  /** ECS tags by service name, for the `flarenet:groups` tag that names the groups a service owns. */
  serviceTags?: () => ReadonlyMap<string, ServiceTags>;
  /** Group owners configured beside the Kafka clusters' own (the topology config's `groupOwners`), which win. */
  groupOwners?: Readonly<Record<string, string>>;
  /** Default for clusters without their own `refreshIntervalMs`; default 5000. */
  refreshIntervalMs?: number;
  maxBackoffMs?: number;
  /** Window sizes, rate and trend spans of the evaluator (short ones in tests and the CLI). */
  tracker?: Partial<LagTrackerOptions>;
  /** Groups not reported; default the console's own tail groups. */
  ignoreGroup?: (groupId: string) => boolean;
  /** Reading `__consumer_offsets` for Burrow's windows; on by default. */
  commitLog?: CommitLogOptions;
  now?: () => number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  random?: () => number;
  /** A subscriber threw, or a refresh broke in a way no cluster status can say; the monitor carries on. */
  onError?: (error: unknown) => void;
}

export interface CommitLogOptions {
  /** False: Burrow's windows are fed by polled offsets only. */
  enabled?: boolean;
  /** How long a refresh waits for the reader to read what was committed before it; default 3 s. */
  waitMs?: number;
  /** How long after a failure the commit log is tried again; default a minute. */
  retryMs?: number;
  /** The reader's session timeout (see `CommitLogReaderOptions`). */
  sessionTimeoutMs?: number;
}

export type LagListener = (event: LagEvent) => void;
export type RefreshListener = (status: KafkaClusterStatus) => void;

interface GroupView {
  summary: GroupLagSummary;
  partitions: PartitionLag[];
  members: GroupMember[];
}

interface ClusterState {
  config: KafkaClusterConfig;
  description: string;
  refreshIntervalMs: number;
  schedule: PollSchedule<KafkaClusterStatus | null>;
  /** When the next refresh starts: an interval after this one started, or sooner after a turning commit. */
  pacer: RefreshPacer;
  tracker: ClusterLagTracker;
  /** Commits read that may turn a group to ERR before the next refresh judges it. */
  commitTurns: CommitTurns;
  connection: {
    kafka: Kafka;
    admin: Admin;
    adminConnected: boolean;
    requests: KafkaBatchRequests;
    connected: boolean;
  } | null;
  /** Group descriptions kept between refreshes, so only changed groups are described again. */
  descriptions: GroupDescriptions;
  commitLog: {
    reader: CommitLogReader | null;
    /** Why commits come from polls, or how much of the log is still to read. */
    note: string | null;
    /** When the commit log last failed; it is not tried again before `retryMs` have passed. */
    failedAt: number | null;
    /** The reader had read what was committed before the last refresh (not replaying the log). */
    current: boolean;
  };
  groups: Map<string, GroupView>;
  /** The config's named groups with their configured topics. */
  namedGroups: ReadonlyMap<string, readonly string[]>;
  lastSuccessAt: number | null;
  /** Time between the last two successful reads. */
  achievedRefreshMs: number | null;
  error: IpcError | null;
  warnings: IpcError[];
  failedAt: number | null;
}

export class LagMonitor {
  private readonly clusters: ClusterState[];
  private readonly now: () => number;
  private readonly timers: Timers;
  private readonly maxBackoffMs: number;
  private readonly random: () => number;
  private readonly listeners = new Set<LagListener>();
  private readonly refreshListeners = new Set<RefreshListener>();
  private published: LagSnapshot;
  private running = false;
  private stopped = false;

  constructor(private readonly options: LagMonitorOptions) {
    this.now = options.now ?? Date.now;
    this.timers = {
      setTimer: options.setTimer ?? ((callback, ms) => setTimeout(callback, ms)),
      clearTimer: options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)),
    };
    this.maxBackoffMs = options.maxBackoffMs ?? 60_000;
    this.random = options.random ?? Math.random;
    const evaluator = options.tracker?.evaluator ?? defaultEvaluatorOptions;
    this.clusters = options.clusters.map((config) => {
      const refreshIntervalMs = config.refreshIntervalMs ?? options.refreshIntervalMs ?? 5000;
      const schedule = new PollSchedule<KafkaClusterStatus | null>(this.timers, refreshIntervalMs);
      const cluster: ClusterState = {
        config,
        description: describeKafkaCluster(config),
        refreshIntervalMs,
        schedule,
        pacer: new RefreshPacer(
          this.now,
          schedule,
          () => void this.requestRefresh(cluster),
          Math.min(minimumPauseMs, refreshIntervalMs),
        ),
        tracker: new ClusterLagTracker(options.tracker),
        commitTurns: new CommitTurns(evaluator.intervals, evaluator.allowedLag),
        connection: null,
        descriptions: new GroupDescriptions(),
        commitLog: { reader: null, note: null, failedAt: null, current: false },
        groups: new Map(),
        namedGroups: namedGroupsOf(config),
        lastSuccessAt: null,
        achievedRefreshMs: null,
        error: null,
        warnings: [],
        failedAt: null,
      };
      return cluster;
    });
    this.published = this.buildSnapshot();
  }

  /** Refreshes every cluster now and then on its own interval. */
  start(): void {
    if (this.running) return;
    this.stopped = false;
    this.running = true;
    for (const cluster of this.clusters) void this.requestRefresh(cluster);
  }

  /** Stops every timer and disconnects every client; nothing is published afterwards. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopped = true;
    for (const cluster of this.clusters) cluster.schedule.cancel();
    await Promise.all(this.clusters.map((cluster) => this.stopCommitLog(cluster)));
    await Promise.all(this.clusters.map((cluster) => this.disconnect(cluster)));
  }

  /** Refreshes every cluster now; resolves when all are done. */
  async refresh(): Promise<void> {
    if (this.stopped) return;
    await Promise.all(this.clusters.map((cluster) => this.requestRefresh(cluster)));
  }

  snapshot(): LagSnapshot {
    return this.published;
  }

  /** The first event is always the current snapshot; later ones carry only what changed. */
  subscribe(listener: LagListener): () => void {
    this.listeners.add(listener);
    this.deliver(listener, { type: 'snapshot', snapshot: this.published });
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Called after every cluster refresh, successful or not, once the next one is scheduled. */
  onRefresh(listener: RefreshListener): () => void {
    this.refreshListeners.add(listener);
    return () => {
      this.refreshListeners.delete(listener);
    };
  }

  /** Resolves after the next refresh that matches, so tests wait for a refresh instead of sleeping. */
  nextRefresh(matches: (status: KafkaClusterStatus) => boolean = () => true): Promise<KafkaClusterStatus> {
    return new Promise((resolve) => {
      const unsubscribe = this.onRefresh((status) => {
        if (!matches(status)) return;
        unsubscribe();
        resolve(status);
      });
    });
  }

  groupDetails(kafkaCluster: string, groupId: string): GroupLagDetails {
    const cluster = this.findCluster(kafkaCluster);
    const view = cluster.groups.get(groupId);
    if (!view) {
      throw new ConsoleError(
        'NOT_FOUND',
        cluster.lastSuccessAt === null
          ? `Kafka cluster ${kafkaCluster} has not been read yet${cluster.error ? `: ${cluster.error.message}` : ''}.`
          : `Kafka cluster ${kafkaCluster} has no consumer group ${groupId}.`,
      );
    }
    return { group: view.summary, partitions: view.partitions, members: view.members };
  }

  async listTopics(kafkaCluster: string, options: { signal?: AbortSignal } = {}): Promise<TopicInfo[]> {
    const cluster = this.findCluster(kafkaCluster);
    try {
      const connection = await this.connect(cluster);
      // The admin client serves the topic list alone: its connections open when first asked.
      if (!connection.adminConnected) {
        await connection.admin.connect();
        connection.adminConnected = true;
      }
      const topics = await listTopicInfo(connection.admin);
      options.signal?.throwIfAborted();
      return topics;
    } catch (error) {
      if (options.signal?.aborted) throw new ConsoleError('CANCELLED', 'The request was cancelled.');
      const described = describeKafkaFailure(cluster.description, error);
      throw new ConsoleError(described.code, described.message);
    }
  }

  private findCluster(name: string): ClusterState {
    const cluster = this.clusters.find((c) => c.config.name === name);
    if (!cluster)
      throw new ConsoleError('NOT_FOUND', `The console does not watch a Kafka cluster named ${name}.`);
    return cluster;
  }

  private requestRefresh(cluster: ClusterState): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return cluster.schedule.run(
      () => {
        cluster.pacer.started();
        return this.poll(cluster).catch((error: unknown) => {
          // A bug rather than Kafka: reported, and the schedule carries on.
          this.options.onError?.(error);
          return null;
        });
      },
      (status) => {
        if (this.running) cluster.pacer.ended(cluster.schedule.intervalMs, cluster.error !== null);
        if (status) this.notifyRefresh(status);
      },
    );
  }

  private async poll(cluster: ClusterState): Promise<KafkaClusterStatus | null> {
    let reading: LagReading;
    try {
      const { requests } = await this.connect(cluster);
      reading = await readLag(requests, {
        now: this.now,
        where: cluster.description,
        descriptions: cluster.descriptions,
        ignoreGroup: (groupId) => this.ignored(groupId),
        namedGroups: cluster.namedGroups,
        // The topics a group was last seen on are asked again, in case the broker lists none.
        knownTopics: (groupId) => cluster.groups.get(groupId)?.summary.topics ?? [],
        // The commit log's ends ride on the lag's own ListOffsets.
        alsoRead: this.options.commitLog?.enabled === false ? [] : [consumerOffsetsTopic],
      });
    } catch (error) {
      if (this.stopped) return null;
      cluster.schedule.failures += 1;
      cluster.error = describeKafkaFailure(cluster.description, error);
      cluster.failedAt = this.now();
      cluster.schedule.intervalMs = this.backoff(cluster);
      // A fresh client next time: kafkajs' own reconnection keeps state from the broken one.
      await this.disconnect(cluster);
      this.publish();
      return this.clusterStatus(cluster);
    }
    if (this.stopped) return null;
    await this.readCommitLog(cluster, reading);
    if (this.stopped) return null;
    this.evaluate(cluster, reading);
    cluster.achievedRefreshMs =
      cluster.lastSuccessAt === null ? null : achievedRefreshOf(reading.observedAt - cluster.lastSuccessAt);
    cluster.lastSuccessAt = reading.observedAt;
    cluster.error = null;
    cluster.warnings = reading.warnings;
    cluster.failedAt = null;
    cluster.schedule.failures = 0;
    cluster.schedule.intervalMs = cluster.refreshIntervalMs;
    this.publish();
    return this.clusterStatus(cluster);
  }

  private evaluate(cluster: ClusterState, reading: LagReading): void {
    const ownerOf = groupOwnerResolver({
      configured: { ...cluster.config.groupOwners, ...this.options.groupOwners },
      taggedGroups: taggedGroupsOf(this.options.serviceTags?.() ?? []),
      services: this.options.knownServices?.() ?? [],
    });
    const groups = new Map<string, GroupView>();
    for (const group of reading.groups) {
      const { figures, partitions } = cluster.tracker.evaluateGroup({
        groupId: group.groupId,
        at: reading.observedAt,
        state: group.state,
        memberIds: group.members.map((member) => member.memberId),
        membersKnown: group.membersUnknown === null,
        partitions: partitionInputs(group, reading),
      });
      const summary: GroupLagSummary = {
        ...figures,
        ...unknownVerdict(group, figures),
        key: `${cluster.config.name}|${group.groupId}`,
        kafkaCluster: cluster.config.name,
        state: group.state,
        memberCount: group.membersUnknown ? null : group.members.length,
        lagUnknown: group.lagUnknown,
        membersUnknown: group.membersUnknown,
        ownerService: ownerOf(group.groupId)?.service ?? null,
        observedAt: reading.observedAt,
      };
      groups.set(group.groupId, { summary, partitions, members: group.members });
    }
    cluster.tracker.retainGroups(groups.keys());
    cluster.commitTurns.retain(groups);
    cluster.commitTurns.recordEnds(reading.topics);
    cluster.groups = groups;
  }

  /**
   * Starts the commit-log reader once the end offsets are known (Burrow drops commits on
   * partitions whose end it has not read: a commit needs one for its lag), then waits for
   * it to have read everything committed before this refresh.
   */
  private async readCommitLog(cluster: ClusterState, reading: LagReading): Promise<void> {
    const options = this.options.commitLog ?? {};
    const log = cluster.commitLog;
    if (options.enabled === false) {
      cluster.tracker.setCommitSource('offset-polls');
      log.note = 'reading __consumer_offsets is turned off';
      return;
    }
    if (!log.reader) {
      const retryAfter = (log.failedAt ?? Number.NEGATIVE_INFINITY) + (options.retryMs ?? 60_000);
      if (this.now() < retryAfter || this.stopped) return;
      cluster.tracker.recordEndOffsets(reading.observedAt, reading.topics);
      await this.startCommitLog(cluster);
    }
    const reader = log.reader;
    if (!reader) return;
    let current = false;
    try {
      let ends = await reader.logEnds(reading.alsoRead.get(consumerOffsetsTopic));
      let read = await reader.readUpTo(ends, options.waitMs ?? 3000);
      if (!read && !this.readRecently(cluster, reader, ends)) {
        // Log start offsets may have moved past what is left to read (retention, compaction).
        ends = await reader.refreshLogStarts();
        read = reader.behind(ends) === 0;
      }
      current = read || this.readRecently(cluster, reader, ends);
      if (log.reader === reader)
        log.note = current
          ? null
          : `reading __consumer_offsets: ${reader.behind(ends)} commits still to read`;
    } catch (error) {
      if (log.reader === reader)
        log.note = `could not tell how far __consumer_offsets is read: ${describeKafkaFailure(cluster.description, error).message}`;
    }
    if (log.reader === reader) {
      log.current = current;
      cluster.tracker.setCommitLogBehind(!current);
    }
  }

  /**
   * Whether what the reader has still to read was all written within the last refresh
   * interval. Burrow judges whatever it has read of a log that never stops growing; so does
   * the console once its reader is that close, rather than waiting for a moment when it has
   * read every last commit, which a busy cluster (thousands of groups committing every
   * second) may never give it. A reader replaying the log from its start is far from that.
   */
  private readRecently(cluster: ClusterState, reader: CommitLogReader, ends: LogEnds): boolean {
    const unreadSince = reader.unreadSince(ends);
    return unreadSince === null || this.now() - unreadSince <= cluster.refreshIntervalMs;
  }

  private async startCommitLog(cluster: ClusterState): Promise<void> {
    const log = cluster.commitLog;
    const kafka = cluster.connection?.kafka;
    if (!kafka) return;
    const reader = new CommitLogReader({
      kafka,
      sessionTimeoutMs: this.options.commitLog?.sessionTimeoutMs,
      onCommit: (commit) => {
        if (log.reader !== reader || this.ignored(commit.groupId)) return;
        cluster.tracker.recordCommit(commit);
        if (cluster.commitTurns.record(commit)) this.commitMayTurn(cluster, commit.groupId);
      },
      onDeleted: (groupId, topic, partition) => {
        if (log.reader !== reader) return;
        cluster.tracker.forgetCommits(groupId, topic, partition);
        cluster.commitTurns.forget(groupId, topic, partition);
      },
      // A new generation: described again at the next refresh, even if its listed state is the same.
      onGroupChanged: (groupId) => cluster.descriptions.markChanged(groupId),
      // A reader that stops, even to start again, leaves the windows without the commits made
      // meanwhile: the polls judge until it is tried again.
      onFailure: (error) => {
        if (log.reader !== reader) return;
        this.commitLogFailed(cluster, describeKafkaFailure(cluster.description, error).message);
        void reader.stop();
      },
    });
    log.reader = reader;
    // A reader reads the log from its start: the windows start again with it.
    cluster.tracker.setCommitSource('commit-log');
    cluster.tracker.clearCommitWindows();
    cluster.commitTurns.clear();
    log.note = null;
    log.current = false;
    try {
      await reader.start();
      // stop() came while the reader was joining: it could not stop what it did not know yet.
      if (this.stopped) await this.stopCommitLog(cluster);
    } catch (error) {
      if (log.reader !== reader) return;
      this.commitLogFailed(cluster, describeKafkaFailure(cluster.description, error).message);
      await reader.stop();
    }
  }

  /**
   * A commit that may have turned its group to ERR (a window of one offset, each commit with
   * lag, or an offset moved back) brings the next refresh forward, so the group is judged
   * within a moment of the commit being read, as Burrow would judge it: unless the group is
   * ERR already or the reader is still replaying the log.
   */
  private commitMayTurn(cluster: ClusterState, groupId: string): void {
    if (!this.running || cluster.error !== null || !cluster.commitLog.current) return;
    const view = cluster.groups.get(groupId);
    if (view && view.summary.burrowStatus !== 'ERR') cluster.pacer.bringForward();
  }

  private commitLogFailed(cluster: ClusterState, message: string): void {
    const log = cluster.commitLog;
    log.reader = null;
    log.failedAt = this.now();
    log.note = `__consumer_offsets cannot be read (${message}); STOP and STALL then rest on polled offsets`;
    cluster.tracker.setCommitSource('offset-polls');
  }

  private async stopCommitLog(cluster: ClusterState): Promise<void> {
    const reader = cluster.commitLog.reader;
    cluster.commitLog.reader = null;
    await reader?.stop();
  }

  /** Asked for every commit read: thousands a second on a large cluster. */
  private ignored(groupId: string): boolean {
    return this.options.ignoreGroup ? this.options.ignoreGroup(groupId) : groupId.startsWith(tailGroupPrefix);
  }

  private async connect(cluster: ClusterState): Promise<NonNullable<ClusterState['connection']>> {
    if (!cluster.connection) {
      const config = await kafkaClientConfig(cluster.config, this.options.connection ?? {}, 'lag');
      if (this.stopped) throw stoppedError();
      const kafka = new Kafka(config);
      cluster.connection = {
        kafka,
        admin: kafka.admin(),
        adminConnected: false,
        requests: new KafkaBatchRequests(kafka, this.now),
        connected: false,
      };
    }
    const connection = cluster.connection;
    if (!connection.connected) {
      await connection.requests.connect();
      connection.connected = true;
      // stop() came while connecting: it could not close what was not open yet.
      if (this.stopped) {
        await connection.requests.disconnect().catch(() => undefined);
        throw stoppedError();
      }
    }
    return connection;
  }

  private async disconnect(cluster: ClusterState): Promise<void> {
    const connection = cluster.connection;
    cluster.connection = null;
    cluster.descriptions.clear();
    if (!connection) return;
    try {
      await Promise.all([connection.admin.disconnect(), connection.requests.disconnect()]);
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  private backoff(cluster: ClusterState): number {
    return backoffDelayMs({
      consecutiveFailures: cluster.schedule.failures,
      baseMs: cluster.refreshIntervalMs,
      capMs: this.maxBackoffMs,
      floorMs: Math.min(1000, cluster.refreshIntervalMs),
      random: this.random,
    });
  }

  private clusterStatus(cluster: ClusterState): KafkaClusterStatus {
    // Not read yet and not failed: stale with neither data nor error, which reads as "waiting".
    const state: KafkaClusterStatus['state'] =
      cluster.error !== null
        ? cluster.lastSuccessAt === null
          ? 'error'
          : 'stale'
        : cluster.lastSuccessAt === null
          ? 'stale'
          : 'ok';
    return {
      name: cluster.config.name,
      environment: cluster.config.environment ?? null,
      brokers: cluster.config.brokers,
      state,
      lastSuccessAt: cluster.lastSuccessAt,
      error: cluster.error,
      warnings: cluster.warnings,
      groupCount: cluster.groups.size,
      refreshIntervalMs: Math.round(cluster.schedule.intervalMs),
      achievedRefreshMs: cluster.achievedRefreshMs,
      commitSource: cluster.tracker.commitSource,
      commitSourceNote: cluster.commitLog.note,
    };
  }

  private buildSnapshot(): LagSnapshot {
    const clusters = this.clusters.map((cluster) => this.clusterStatus(cluster));
    const groups = this.clusters.flatMap((cluster) =>
      [...cluster.groups.values()].map((view) => view.summary),
    );
    return { clusters, groups: sortLagGroups(groups, clusters), generatedAt: this.now() };
  }

  private publish(): void {
    if (this.stopped) return;
    const next = this.buildSnapshot();
    const delta = diffLag(this.published, next);
    this.published = next;
    if (isLagDeltaEmpty(delta)) return;
    for (const listener of [...this.listeners]) this.deliver(listener, { type: 'delta', delta });
  }

  private deliver(listener: LagListener, event: LagEvent): void {
    try {
      listener(event);
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  private notifyRefresh(status: KafkaClusterStatus): void {
    for (const listener of [...this.refreshListeners]) {
      try {
        listener(status);
      } catch (error) {
        this.options.onError?.(error);
      }
    }
  }
}

/**
 * A group whose lag cannot be told has nothing Burrow could judge (NOTFOUND) and an unknown
 * severity, with the reason, whatever its partitions (none, or none with an end offset) would
 * make of it; one whose members cannot be read says so beside its status.
 */
function unknownVerdict(
  group: GroupReading,
  figures: GroupLagFigures,
): Pick<GroupLagSummary, 'burrowStatus' | 'burrowReason' | 'statusReason' | 'worstPartition' | 'severity'> {
  if (group.lagUnknown) {
    const reason = `lag unknown: ${group.lagUnknown.message}`;
    return {
      burrowStatus: 'NOTFOUND',
      burrowReason: reason,
      statusReason: reason,
      worstPartition: null,
      severity: 'unknown',
    };
  }
  const verdict = {
    burrowStatus: figures.burrowStatus,
    burrowReason: figures.burrowReason,
    worstPartition: figures.worstPartition,
    severity: figures.severity,
  };
  if (group.membersUnknown) {
    return {
      ...verdict,
      statusReason: `${figures.statusReason}; members unknown: ${group.membersUnknown.message}`,
    };
  }
  return { ...verdict, statusReason: figures.statusReason };
}

/** The config's `groups`, bare names or with their topics, as group → configured topics. */
function namedGroupsOf(config: KafkaClusterConfig): Map<string, readonly string[]> {
  const named = new Map<string, readonly string[]>();
  for (const entry of config.groups ?? []) {
    if (typeof entry === 'string') named.set(entry, named.get(entry) ?? []);
    else named.set(entry.id, [...new Set([...(named.get(entry.id) ?? []), ...entry.topics])]);
  }
  return named;
}

function stoppedError(): ConsoleError {
  return new ConsoleError('CANCELLED', 'The lag monitor has stopped.');
}

/**
 * The time between two reads, up to the next 100 ms: reads a few milliseconds apart each
 * time would otherwise send the cluster to every window on every refresh, for a header that
 * speaks of whole seconds; rounding up keeps "slower than set" exact, since that bound (one
 * and a half intervals of whole seconds) is a whole number of steps.
 */
function achievedRefreshOf(elapsedMs: number): number {
  return Math.ceil(Math.round(elapsedMs) / 100) * 100;
}
