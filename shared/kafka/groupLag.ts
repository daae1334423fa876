import {
  defaultEvaluatorOptions,
  evaluateGroup,
  evaluatePartition,
  type EvaluatorOptions,
  type PartitionJudgement,
} from './burrowEvaluator';
import {
  defaultFindingOptions,
  findConsoleFindings,
  type FindingOptions,
  type GroupObservation,
  type PartitionObservation,
} from './consoleFindings';
import {
  classifyTrend,
  defaultEtaOptions,
  defaultTrendOptions,
  drainEta,
  fitLagLine,
  LagHistory,
  partitionLagSeconds,
  sumRates,
  type EtaOptions,
  type TrendOptions,
} from './lagRates';
import type { CommitSource, GroupLagSummary, LagPoint, PartitionLag, PartitionOwner } from './kafkaModel';
import type { PollReading } from './lagRise';
import { judgeGroup } from './lagSeverity';
import { endOffsetHistoryLimits, OffsetHistory, offsetRate, type OffsetHistoryLimits } from './offsetHistory';
import { defaultRateOptions, defaultTurnOptions, type RateOptions, type TurnOptions } from './recentCourse';
import { PartitionWindow, type CommitRecord } from './partitionWindow';

/**
 * The lag monitor's per-cluster state and its one call per group per refresh. The monitor
 * keeps one `ClusterLagTracker` per Kafka cluster; each refresh it calls `evaluateGroup` for
 * every group it read, then `retainGroups` with the groups that still exist.
 *
 * Burrow's windows are fed by the commit log when the monitor reads it (`recordCommit`,
 * between and during refreshes, with `commitSource` 'commit-log'), otherwise by the
 * committed offsets each refresh reads ('offset-polls', see partitionWindow.ts). Each
 * refresh then judges every partition by Burrow's rules (burrowEvaluator.ts) and the group
 * by the console's own findings (consoleFindings.ts), from the refreshes' readings and the
 * group's state and members.
 *
 * Memory is bounded: end-offset histories are per partition and shared by the groups that
 * read them (dropped once no group has read them for their maximum age), each group keeps a
 * window, a short committed-offset history and its last readings per partition it was last
 * given (a partition missing from a refresh is dropped), the group's states over the
 * rebalance window, and a group left out of `retainGroups` is forgotten.
 *
 * What follows a turn and what does not: the trend, the ETA and the consume rate follow the
 * lag and the committed offsets onto a new course within a refresh or two (`options.turn`),
 * since they are what an engineer watches through an incident's start and end. The produce
 * rate stays one line over the whole rate window: it sets the dead band and the caught-up
 * threshold, which should not move with every burst, and a steady figure reads better.
 */

/** What the monitor fills in itself: identity, Kafka's own group state, members, what it could not read and owner service. */
export type MonitorFields =
  | 'key'
  | 'kafkaCluster'
  | 'state'
  | 'memberCount'
  | 'lagUnknown'
  | 'membersUnknown'
  | 'ownerService'
  | 'observedAt';

export type GroupLagFigures = Omit<GroupLagSummary, MonitorFields>;

export interface PartitionInput {
  topic: string;
  partition: number;
  /** Null when the end offset could not be read this refresh. */
  endOffset: number | null;
  /** Null: the group has never committed on this partition. */
  committedOffset: number | null;
  /** The live member assigned the partition, if any. */
  owner: PartitionOwner | null;
}

export interface GroupLagInput {
  groupId: string;
  /** The refresh time, epoch ms. */
  at: number;
  /** Kafka's group state: Stable, Empty, PreparingRebalance, CompletingRebalance, Dead. */
  state: string;
  /** The live members' ids. */
  memberIds: readonly string[];
  /**
   * False when the broker would not describe the group: then nobody knows who holds what, and
   * the findings about membership (no consumer assigned, rebalancing without end) are not made.
   */
  membersKnown?: boolean;
  /** Every partition of the topics the group consumes: assigned, committed, or both. */
  partitions: readonly PartitionInput[];
}

/** One commit read from the commit log. */
export interface CommitInput {
  groupId: string;
  topic: string;
  partition: number;
  offset: number;
  /** The commit time, epoch ms. */
  timestamp: number;
}

export interface GroupLagEvaluation {
  figures: GroupLagFigures;
  /** By topic, then partition. */
  partitions: PartitionLag[];
}

export interface LagTrackerOptions {
  /** Burrow's options: window size, minimum distance, minimum complete, allowed lag. */
  evaluator: EvaluatorOptions;
  /** The console's findings (their `allowedLag` is the evaluator's). */
  findings: FindingOptions;
  /** Refresh readings kept per partition for the findings: two minutes at the default 5 s refresh. */
  readingsKept: number;
  endOffsetHistory: OffsetHistoryLimits;
  rates: RateOptions;
  /** How the lag's line and the consume rate tell a turn from noise. */
  turn: TurnOptions;
  trend: TrendOptions;
  eta: EtaOptions;
  /** Points in each group's sparkline history. */
  historyPoints: number;
}

export const defaultLagTrackerOptions: LagTrackerOptions = {
  evaluator: defaultEvaluatorOptions,
  findings: defaultFindingOptions,
  readingsKept: 24,
  endOffsetHistory: endOffsetHistoryLimits,
  rates: defaultRateOptions,
  turn: defaultTurnOptions,
  trend: defaultTrendOptions,
  eta: defaultEtaOptions,
  historyPoints: 120,
};

interface PartitionState {
  window: PartitionWindow;
  committed: OffsetHistory;
  readings: PollReading[];
}

interface PartitionFigures {
  judgement: PartitionJudgement;
  observation: PartitionObservation;
  lag: PartitionLag;
  lagSeconds: number | null;
  produceRate: number | null;
  consumeRate: number | null;
}

interface GroupState {
  partitions: Map<string, PartitionState>;
  history: LagHistory;
  /** Every refresh's total lag over the trend window: the sparkline thins flat runs, the trend needs them. */
  recentLag: LagPoint[];
  /** The group's state and members at the refreshes of the rebalance window and a little before. */
  observations: GroupObservation[];
  /** A commit arrived since the last `retainGroups`: a group too new to be listed yet is kept. */
  committedSinceRetain: boolean;
}

export class ClusterLagTracker {
  private readonly options: LagTrackerOptions;
  private readonly endOffsets = new Map<string, OffsetHistory>();
  private readonly groups = new Map<string, GroupState>();
  private latestAt = Number.NEGATIVE_INFINITY;
  private source: CommitSource = 'offset-polls';
  private commitLogBehind = false;

  constructor(options: Partial<LagTrackerOptions> = {}) {
    this.options = { ...defaultLagTrackerOptions, ...options };
  }

  get commitSource(): CommitSource {
    return this.source;
  }

  /**
   * Where Burrow's windows get their commits. Changing it starts every window again: commits
   * of one feed say nothing in the order of the other (polled moves are timed by refreshes,
   * a commit log replayed from its start is older than them).
   */
  setCommitSource(source: CommitSource): void {
    if (source === this.source) return;
    this.source = source;
    this.clearCommitWindows();
  }

  /**
   * Whether the commit log has been read up to this refresh. While it has not (a console
   * reading a long log from its start, a reader falling behind), the windows hold commits
   * older than the ones the group has made since, and Burrow's rules would read a consumer
   * that is working as stopped: nothing is judged until the reader has caught up.
   */
  setCommitLogBehind(behind: boolean): void {
    this.commitLogBehind = behind;
  }

  /** Every window's commits, forgotten: the commit log is about to be read again from its start. */
  clearCommitWindows(): void {
    for (const group of this.groups.values())
      for (const state of group.partitions.values()) state.window.clearCommits();
  }

  /**
   * A commit from the commit log, stored with its lag against the newest end offset read
   * so far. Dropped, as Burrow drops it, while no end offset of the partition is known.
   */
  recordCommit(commit: CommitInput): boolean {
    const key = partitionKey(commit.topic, commit.partition);
    const latestEnd = this.endOffsets.get(key)?.newest()?.offset;
    if (latestEnd === undefined) return false;
    const group = this.groupState(commit.groupId);
    group.committedSinceRetain = true;
    this.partitionState(group, key).window.recordCommit(commit, latestEnd);
    return true;
  }

  /** The commit log deleted the group's offsets on a partition (a tombstone). */
  forgetCommits(groupId: string, topic: string, partition: number): void {
    this.groups.get(groupId)?.partitions.get(partitionKey(topic, partition))?.window.clearCommits();
  }

  /** End offsets read before any group is evaluated, so commits read meanwhile have a lag. */
  recordEndOffsets(
    at: number,
    topics: ReadonlyMap<string, readonly { partition: number; end: number }[] | null>,
  ): void {
    for (const [topic, partitions] of topics)
      for (const { partition, end } of partitions ?? [])
        this.endOffsetHistory(partitionKey(topic, partition)).record(at, end);
  }

  get groupCount(): number {
    return this.groups.size;
  }

  get partitionHistoryCount(): number {
    return this.endOffsets.size;
  }

  evaluateGroup(input: GroupLagInput): GroupLagEvaluation {
    const { at } = input;
    const group = this.groupState(input.groupId);
    const seen = new Set<string>();
    const readings: PartitionFigures[] = [];
    for (const reading of [...input.partitions].sort(byTopicThenPartition)) {
      const key = partitionKey(reading.topic, reading.partition);
      if (seen.has(key)) continue;
      seen.add(key);
      readings.push(this.readPartition(group, key, reading, at));
    }
    for (const key of group.partitions.keys()) {
      if (!seen.has(key)) group.partitions.delete(key);
    }

    const partitions = readings.map((r) => r.lag);
    const judged = evaluateGroup(
      readings.map((r) => r.judgement),
      at,
    );
    const verdict =
      this.withholdingJudgement() && judged.status === 'OK' && judged.judgedCount === 0
        ? { ...judged, reason: 'not judged until __consumer_offsets has been read up to now' }
        : judged;
    const found = findConsoleFindings(
      {
        now: at,
        history: this.observe(group, { at, state: input.state, memberIds: [...input.memberIds] }),
        partitions: readings.map((r) => r.observation),
        membersKnown: input.membersKnown ?? true,
      },
      { ...this.options.findings, allowedLag: this.options.evaluator.allowedLag },
    );
    for (const partition of partitions)
      partition.findings = found.byPartition.get(partitionKey(partition.topic, partition.partition)) ?? [];
    const judgement = judgeGroup(verdict, found.findings);
    const lagged = partitions.filter((p): p is PartitionLag & { lag: number } => p.lag !== null);
    const totalLag = lagged.reduce((sum, p) => sum + p.lag, 0);
    const maxLag = lagged.reduce<(typeof lagged)[number] | null>(
      (max, p) => (max === null || p.lag > max.lag ? p : max),
      null,
    );
    const knownLag = lagged.length > 0 ? totalLag : null;
    if (knownLag !== null) this.recordLag(group, { at, totalLag });

    const committed = readings.filter((r) => r.lag.committedOffset !== null);
    const produceRate = sumRates(committed.map((r) => r.produceRate));
    const consumeRate = sumRates(committed.map((r) => r.consumeRate));
    const lagSeconds = committed.reduce<number | null>(
      (max, r) => (r.lagSeconds === null ? max : Math.max(max ?? 0, r.lagSeconds)),
      null,
    );
    const line =
      knownLag === null ? null : fitLagLine(group.recentLag, at, this.options.trend, this.options.turn);
    const trend = classifyTrend(line, produceRate, this.options.trend, this.options.turn);
    const eta = drainEta({ totalLag: knownLag, line, trend, consumeRate, produceRate }, this.options.eta);

    const figures: GroupLagFigures = {
      groupId: input.groupId,
      burrowStatus: verdict.status,
      worstPartition: verdict.worstPartition,
      burrowReason: verdict.reason,
      findings: found.findings,
      severity: judgement.severity,
      statusReason: judgement.statusReason,
      topics: [...new Set(partitions.map((p) => p.topic))],
      partitionCount: partitions.length,
      partitionsWithoutCommit: partitions.length - committed.length,
      totalLag,
      maxLag: maxLag ? { topic: maxLag.topic, partition: maxLag.partition, lag: maxLag.lag } : null,
      lagSeconds: lagSeconds === null ? null : roundTo(lagSeconds, 1),
      trend,
      consumeRate: consumeRate === null ? null : roundRate(consumeRate),
      produceRate: produceRate === null ? null : roundRate(produceRate),
      eta: eta.kind === 'eta' ? { kind: 'eta', seconds: Math.round(eta.seconds) } : eta,
      complete: verdict.complete,
      history: [...group.history.points],
    };
    this.latestAt = Math.max(this.latestAt, at);
    return { figures, partitions };
  }

  /**
   * Forgets every group not listed, and the end-offset histories no group has read for
   * their whole span: the monitor calls it once per refresh with the groups it found.
   */
  retainGroups(groupIds: Iterable<string>): void {
    const keep = new Set(groupIds);
    for (const [groupId, group] of this.groups) {
      if (!keep.has(groupId) && !group.committedSinceRetain) this.groups.delete(groupId);
      group.committedSinceRetain = false;
    }
    this.pruneEndOffsets(this.latestAt);
  }

  forgetGroup(groupId: string): void {
    this.groups.delete(groupId);
  }

  private readPartition(
    group: GroupState,
    key: string,
    reading: PartitionInput,
    at: number,
  ): PartitionFigures {
    const { topic, partition, endOffset, committedOffset, owner } = reading;
    const endHistory = this.endOffsetHistory(key);
    if (endOffset !== null) endHistory.record(at, endOffset);
    const state = this.partitionState(group, key);
    const { window } = state;
    if (endOffset !== null) window.recordEndOffset(endOffset);
    if (committedOffset !== null) {
      if (this.source === 'offset-polls') window.recordPolledOffset(at, committedOffset, endOffset);
      state.committed.record(at, committedOffset);
    }
    const lag =
      committedOffset === null || endOffset === null ? null : Math.max(endOffset - committedOffset, 0);
    state.readings.push({ at, committedOffset, lag });
    if (state.readings.length > this.options.readingsKept) state.readings.shift();

    // Burrow's current lag: the newest end offset less the window's last commit.
    const last = window.lastCommit;
    const currentLag = last === undefined || endOffset === null ? null : Math.max(endOffset - last.offset, 0);
    const verdict = this.withholdingJudgement()
      ? evaluatePartition(window, null, at, this.options.evaluator)
      : evaluatePartition(window, currentLag, at, this.options.evaluator);
    const seconds =
      committedOffset === null || endOffset === null
        ? null
        : partitionLagSeconds(endHistory, committedOffset, endOffset, at);
    return {
      judgement: { ...verdict, topic, partition, committedOffset: last?.offset ?? null, lag: currentLag },
      observation: {
        topic,
        partition,
        owned: owner !== null,
        readings: state.readings,
        longestCommitGapMs: longestGap(window.commits),
      },
      lag: {
        topic,
        partition,
        endOffset,
        committedOffset,
        lag,
        burrowStatus: verdict.status,
        complete: verdict.complete,
        judged: verdict.judged,
        owner,
        findings: [],
      },
      lagSeconds: seconds?.seconds ?? null,
      produceRate: offsetRate(endHistory, at, this.options.rates),
      consumeRate:
        committedOffset === null
          ? null
          : offsetRate(state.committed, at, this.options.rates, this.options.turn),
    };
  }

  private withholdingJudgement(): boolean {
    return this.source === 'commit-log' && this.commitLogBehind;
  }

  private partitionState(group: GroupState, key: string): PartitionState {
    let state = group.partitions.get(key);
    if (!state) {
      state = this.newPartitionState();
      group.partitions.set(key, state);
    }
    return state;
  }

  /** Adds this refresh's look at the group and returns the ones the findings read, oldest first. */
  private observe(group: GroupState, observation: GroupObservation): GroupObservation[] {
    // One look from before the window stays, for the members the window's first look changed.
    const since = observation.at - this.options.findings.rebalanceWindowMs;
    const kept = group.observations.filter((o) => o.at < observation.at);
    const firstInside = kept.findIndex((o) => o.at >= since);
    const from = firstInside === -1 ? Math.max(0, kept.length - 1) : Math.max(0, firstInside - 1);
    group.observations = [...kept.slice(from), observation];
    return group.observations;
  }

  private groupState(groupId: string): GroupState {
    let group = this.groups.get(groupId);
    if (!group) {
      group = {
        partitions: new Map(),
        history: new LagHistory(this.options.historyPoints),
        recentLag: [],
        observations: [],
        committedSinceRetain: false,
      };
      this.groups.set(groupId, group);
    }
    return group;
  }

  private newPartitionState(): PartitionState {
    const { rates, evaluator } = this.options;
    return {
      window: new PartitionWindow(evaluator),
      // The consume rate looks back one rate window; twice that leaves room for irregular refreshes.
      committed: new OffsetHistory({ maxSamples: 120, maxAgeMs: 2 * rates.windowMs }),
      readings: [],
    };
  }

  private endOffsetHistory(key: string): OffsetHistory {
    let history = this.endOffsets.get(key);
    if (!history) {
      history = new OffsetHistory(this.options.endOffsetHistory);
      this.endOffsets.set(key, history);
    }
    return history;
  }

  private recordLag(group: GroupState, point: LagPoint): void {
    group.history.record(point);
    const since = point.at - this.options.trend.windowMs;
    group.recentLag = [...group.recentLag.filter((p) => p.at >= since && p.at < point.at), point];
  }

  /** A partition no group has read for the history's whole span is gone (a deleted topic, a removed group). */
  private pruneEndOffsets(now: number): void {
    for (const [key, history] of this.endOffsets) {
      const newest = history.newest();
      if (!newest || now - newest.at > this.options.endOffsetHistory.maxAgeMs) this.endOffsets.delete(key);
    }
  }
}

/** The longest time between consecutive commits of a window; null with fewer than two. */
function longestGap(commits: readonly CommitRecord[]): number | null {
  let longest: number | null = null;
  for (let i = 1; i < commits.length; i++) {
    const gap = commits[i]!.timestamp - commits[i - 1]!.timestamp;
    longest = longest === null ? gap : Math.max(longest, gap);
  }
  return longest;
}

function partitionKey(topic: string, partition: number): string {
  return `${topic}/${partition}`;
}

function byTopicThenPartition(a: PartitionInput, b: PartitionInput): number {
  return a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition;
}

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** Three significant digits: what a person reads, and fewer deltas for figures that only jitter. */
function roundRate(rate: number): number {
  return rate === 0 ? 0 : Number(rate.toPrecision(3));
}
