import {
  defaultEvaluatorOptions,
  evaluateGroup,
  evaluatePartition,
  type EvaluatorOptions,
  type PartitionJudgement,
} from './burrowEvaluator';
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
import type { GroupLagSummary, LagPoint, PartitionLag, PartitionOwner } from './kafkaModel';
import { endOffsetHistoryLimits, OffsetHistory, offsetRate, type OffsetHistoryLimits } from './offsetHistory';
import { defaultRateOptions, defaultTurnOptions, type RateOptions, type TurnOptions } from './recentCourse';
import { PartitionWindow } from './partitionWindow';

/**
 * The lag monitor's per-cluster state and its one call per group per refresh. The monitor
 * keeps one `ClusterLagTracker` per Kafka cluster; each refresh it calls `evaluateGroup` for
 * every group it read, then `retainGroups` with the groups that still exist.
 *
 * Memory is bounded: end-offset histories are per partition and shared by the groups that
 * read them (dropped once no group has read them for their maximum age), each group keeps a
 * window and a short committed-offset history per partition it was last given (a partition
 * missing from a refresh is dropped), and a group left out of `retainGroups` is forgotten.
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
  /** Every partition of the topics the group consumes: assigned, committed, or both. */
  partitions: readonly PartitionInput[];
}

export interface GroupLagEvaluation {
  figures: GroupLagFigures;
  /** By topic, then partition. */
  partitions: PartitionLag[];
}

export interface LagTrackerOptions {
  evaluator: EvaluatorOptions;
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
}

interface PartitionFigures {
  judgement: PartitionJudgement;
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
}

export class ClusterLagTracker {
  private readonly options: LagTrackerOptions;
  private readonly endOffsets = new Map<string, OffsetHistory>();
  private readonly groups = new Map<string, GroupState>();
  private latestAt = Number.NEGATIVE_INFINITY;

  constructor(options: Partial<LagTrackerOptions> = {}) {
    this.options = { ...defaultLagTrackerOptions, ...options };
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
    const verdict = evaluateGroup(
      readings.map((r) => r.judgement),
      at,
    );
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
      status: verdict.status,
      worstPartition: verdict.worstPartition,
      statusReason: verdict.statusReason,
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
    for (const groupId of this.groups.keys()) {
      if (!keep.has(groupId)) this.groups.delete(groupId);
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
    let state = group.partitions.get(key);
    if (!state) {
      state = this.newPartitionState();
      group.partitions.set(key, state);
    }
    state.window.recordPoll({ at, committedOffset, endOffset });
    if (committedOffset !== null) state.committed.record(at, committedOffset);

    const lag =
      committedOffset === null || endOffset === null ? null : Math.max(endOffset - committedOffset, 0);
    const verdict = evaluatePartition(
      state.window,
      { now: at, currentLag: lag, assigned: owner !== null },
      this.options.evaluator,
    );
    const seconds =
      committedOffset === null || endOffset === null
        ? null
        : partitionLagSeconds(endHistory, committedOffset, endOffset, at);
    return {
      judgement: { ...verdict, topic, partition, committedOffset, lag },
      lag: {
        topic,
        partition,
        endOffset,
        committedOffset,
        lag,
        status: verdict.status,
        complete: verdict.complete,
        owner,
      },
      lagSeconds: seconds?.seconds ?? null,
      produceRate: offsetRate(endHistory, at, this.options.rates),
      consumeRate:
        committedOffset === null
          ? null
          : offsetRate(state.committed, at, this.options.rates, this.options.turn),
    };
  }

  private groupState(groupId: string): GroupState {
    let group = this.groups.get(groupId);
    if (!group) {
      group = { partitions: new Map(), history: new LagHistory(this.options.historyPoints), recentLag: [] };
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
