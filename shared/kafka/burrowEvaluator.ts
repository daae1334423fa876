import { spokenDuration } from '../time/durationText';
import { countOf, formatCount } from './lagWords';
import type { GroupStatus, PartitionStatus } from './kafkaModel';
import {
  defaultWindowOptions,
  type CommitRecord,
  type PartitionWindow,
  type WindowOptions,
} from './partitionWindow';

/**
 * Consumer status by LinkedIn Burrow's evaluator (`core/internal/evaluator/caching.go`), rule
 * for rule and in its order, on its inputs: a partition's window of commits (offset, commit
 * time, lag at the commit; `PartitionWindow`), its recent end offsets, its current lag and
 * the time now. Nothing else: not who holds the partition, not the group's state, not
 * what the console saw between commits; those are the console's own findings
 * (consoleFindings.ts), reported beside this status and never under its names.
 *
 * A partition is judged once its window is `minimumComplete` full. With its current lag
 * above `allowedLag`, the first rule that holds decides:
 *   1. STOP (`checkIfOffsetsStopped`): the group stopped committing: the time from the last
 *      commit to now is longer than the window's span (last − first commit), unless one of
 *      the recent end offsets was at or below the last committed offset
 *      (`checkIfRecentLagZero`: it was caught up moments ago, only new messages came since);
 *   2. REWIND (`checkIfOffsetsRewind`): the committed offset went backwards between two
 *      commits of the window and has not come back to where it was (`checkIfRewindRecovered`);
 *   3. OK, when the lag was at or below `allowedLag` at some commit of the window
 *      (`isLagAlwaysNotZero` is false), skipping 4 and 5;
 *   4. STALL (`checkIfOffsetsStalled`): commits continue, but every one has the same offset;
 *   5. WARN (`checkIfLagNotDecreasing`): the lag never went down from one commit to the next;
 *   6. otherwise OK.
 * A lag at or below `allowedLag` now is OK, and so is a partition not yet judged.
 *
 * At group level (Burrow's `evaluateConsumerStatus`) the worst partition decides: OK, WARN,
 * or ERR for STOP, STALL and REWIND; NOTFOUND while Burrow would hold no commit of the group.
 * The group's `complete` is the share of its partitions whose window is full.
 */

export interface EvaluatorOptions extends WindowOptions {
  /** Share of the window that must be filled before a partition is judged: Burrow's `minimum-complete`. */
  minimumComplete: number;
  /** A lag at or below this is never a problem: Burrow's `allowed-lag`. */
  allowedLag: number;
}

export const defaultEvaluatorOptions: EvaluatorOptions = {
  ...defaultWindowOptions,
  minimumComplete: 0.5,
  allowedLag: 0,
};

export interface PartitionVerdict {
  status: PartitionStatus;
  /** Burrow's "complete": the share of the window's commit slots that are filled. */
  complete: number;
  /** False without a commit or a current lag, or while the window is too empty: the status is then OK, as Burrow reports it. */
  judged: boolean;
  /** STOP: the last commit; STALL: the first commit of the unchanged run. */
  stillSince: number | null;
  /** REWIND: the offset the consumer went back from, and where it went. */
  rewind: { from: number; to: number } | null;
  /** The window's span, first to last commit. */
  windowSpanMs: number;
}

/**
 * Burrow's `evaluatePartitionStatus`. `currentLag` is the newest end offset less the last
 * commit of the window (Burrow's CurrentLag); null when either is unknown.
 */
export function evaluatePartition(
  window: PartitionWindow,
  currentLag: number | null,
  now: number,
  options: Pick<EvaluatorOptions, 'minimumComplete' | 'allowedLag'> = defaultEvaluatorOptions,
): PartitionVerdict {
  const commits = window.commits;
  const complete = window.complete;
  const windowSpanMs = commits.length === 0 ? 0 : commits.at(-1)!.timestamp - commits[0]!.timestamp;
  const unjudged: PartitionVerdict = {
    status: 'OK',
    complete,
    judged: false,
    stillSince: null,
    rewind: null,
    windowSpanMs,
  };
  if (commits.length === 0 || currentLag === null || complete < options.minimumComplete) return unjudged;

  const status = calculatePartitionStatus(commits, window.endOffsets, currentLag, now, options.allowedLag);
  const rewindIndex = checkIfOffsetsRewind(commits);
  return {
    status,
    complete,
    judged: true,
    stillSince:
      status === 'STOP' ? commits.at(-1)!.timestamp : status === 'STALL' ? commits[0]!.timestamp : null,
    rewind:
      status === 'REWIND'
        ? { from: commits[rewindIndex - 1]!.offset, to: commits[rewindIndex]!.offset }
        : null,
    windowSpanMs,
  };
}

/** Burrow's `calculatePartitionStatus`: the rules of the module comment, in their order. */
export function calculatePartitionStatus(
  commits: readonly CommitRecord[],
  recentEndOffsets: readonly number[],
  currentLag: number,
  now: number,
  allowedLag: number,
): PartitionStatus {
  if (currentLag <= allowedLag || commits.length === 0) return 'OK';
  if (checkIfOffsetsStopped(commits, now) && !checkIfRecentLagZero(commits, recentEndOffsets)) return 'STOP';
  // Above the zero-lag rule: a consumer with no lag that suddenly rewinds has zero lag in
  // its window, and would otherwise read OK throughout.
  const rewindIndex = checkIfOffsetsRewind(commits);
  if (rewindIndex > 0 && !checkIfRewindRecovered(commits, rewindIndex)) return 'REWIND';
  if (isLagAlwaysNotZero(commits, allowedLag)) {
    if (checkIfOffsetsStalled(commits)) return 'STALL';
    if (checkIfLagNotDecreasing(commits)) return 'WARN';
  }
  return 'OK';
}

/** False when the lag was at or below `allowedLag` at some commit of the window (commits without a lag are skipped). */
export function isLagAlwaysNotZero(commits: readonly CommitRecord[], allowedLag: number): boolean {
  return commits.every((commit) => commit.lag === null || commit.lag > allowedLag);
}

/** The index of the first commit whose offset is below the one before it; −1 without one. */
export function checkIfOffsetsRewind(commits: readonly CommitRecord[]): number {
  for (let i = 1; i < commits.length; i++) {
    if (commits[i]!.offset < commits[i - 1]!.offset) return i;
  }
  return -1;
}

/**
 * A rewind counts only until the consumer is back where it was: after a rebalance a consumer
 * may commit an offset a little behind its last one and carry on, which is no fault.
 */
export function checkIfRewindRecovered(commits: readonly CommitRecord[], rewindIndex: number): boolean {
  const before = commits[rewindIndex - 1]!.offset;
  return commits.slice(rewindIndex).some((commit) => commit.offset >= before);
}

/**
 * Longer from the last commit to now than from the first commit to the last. Burrow reads
 * the time now in whole seconds (`time.Now().Unix() * 1000`), and so does this.
 */
export function checkIfOffsetsStopped(commits: readonly CommitRecord[], now: number): boolean {
  const first = commits[0]!.timestamp;
  const last = commits.at(-1)!.timestamp;
  const nowInSeconds = Math.floor(now / 1000) * 1000;
  return nowInSeconds - last > last - first;
}

/** Every commit of the window has the same offset. */
export function checkIfOffsetsStalled(commits: readonly CommitRecord[]): boolean {
  return commits.every((commit) => commit.offset === commits[0]!.offset);
}

/** The lag never went down from one commit to the next (commits without a lag are skipped). */
export function checkIfLagNotDecreasing(commits: readonly CommitRecord[]): boolean {
  let previous: number | null = null;
  for (const commit of commits) {
    if (commit.lag === null) continue;
    if (previous !== null && commit.lag < previous) return false;
    previous = commit.lag;
  }
  return true;
}

/**
 * One of the recent end offsets was at or below the last committed offset: the consumer was
 * caught up a few refreshes ago, so a pause in its commits is not yet a stop.
 */
export function checkIfRecentLagZero(
  commits: readonly CommitRecord[],
  recentEndOffsets: readonly number[],
): boolean {
  const lastOffset = commits.at(-1)!.offset;
  return recentEndOffsets.some((endOffset) => endOffset <= lastOffset);
}

export interface PartitionJudgement extends PartitionVerdict {
  topic: string;
  partition: number;
  /** The last commit of the window; null without one. */
  committedOffset: number | null;
  lag: number | null;
}

export interface GroupVerdict {
  status: GroupStatus;
  worstPartition: { topic: string; partition: number; burrowStatus: PartitionStatus } | null;
  /** Burrow's status in words. */
  reason: string;
  /** Burrow's group "complete": the share of the group's partitions whose window is full. */
  complete: number;
  /** Partitions whose window was complete enough to judge. */
  judgedCount: number;
}

/** Burrow's status constants, ordered from least to most bad. */
const statusRank: Record<PartitionStatus, number> = { OK: 1, WARN: 2, STOP: 4, STALL: 5, REWIND: 6 };

/**
 * Burrow's `evaluateConsumerStatus`: the group's status from its partitions'. The worst
 * partition named is the one with the highest status constant, the most lag among equals.
 */
export function evaluateGroup(partitions: readonly PartitionJudgement[], now: number): GroupVerdict {
  const committed = partitions.filter((p) => p.committedOffset !== null);
  const judged = partitions.filter((p) => p.judged);
  const complete =
    partitions.length === 0 ? 0 : partitions.filter((p) => p.complete >= 1).length / partitions.length;
  const verdict = (status: GroupStatus, reason: string, worst: PartitionJudgement | null = null) => ({
    status,
    worstPartition: worst
      ? { topic: worst.topic, partition: worst.partition, burrowStatus: worst.status }
      : null,
    reason,
    complete,
    judgedCount: judged.length,
  });

  if (committed.length === 0) return verdict('NOTFOUND', notFoundReason(partitions));
  const worst = partitions.reduce((a, b) =>
    statusRank[b.status] > statusRank[a.status] || (b.status === a.status && (b.lag ?? 0) > (a.lag ?? 0))
      ? b
      : a,
  );
  const withoutCommit = partitions.length - committed.length;
  const withoutCommitNote = withoutCommit > 0 ? `; ${formatCount(withoutCommit)} without a commit` : '';

  if (worst.status === 'OK') {
    if (judged.length === 0) {
      const filled = Math.max(...committed.map((p) => p.complete));
      return verdict('OK', `nothing judged yet: evaluation window ${Math.round(filled * 100)}% full`);
    }
    const notJudged = committed.length - judged.length;
    const all = judged.length === partitions.length ? 'all ' : '';
    const waiting = notJudged > 0 ? `; ${formatCount(notJudged)} with too few commits to judge` : '';
    return verdict('OK', `${all}${countOf(judged.length, 'partition')} OK${waiting}${withoutCommitNote}`);
  }

  const count = (status: (s: PartitionStatus) => boolean) =>
    partitions.filter((p) => status(p.status)).length;
  if (worst.status === 'WARN') {
    const warned = count((s) => s === 'WARN');
    const others =
      warned > 1 ? `; ${formatCount(warned)} of ${countOf(partitions.length, 'partition')} WARN` : '';
    return verdict('WARN', `${warnLine(worst)}${others}`, worst);
  }
  const inError = count((s) => statusRank[s] > statusRank.WARN);
  const others =
    inError > 1 ? `; ${formatCount(inError)} of ${countOf(partitions.length, 'partition')} in error` : '';
  return verdict('ERR', `${errorLine(worst, now)}${others}`, worst);
}

function notFoundReason(partitions: readonly PartitionJudgement[]): string {
  if (partitions.length === 0) return 'no partitions assigned or committed';
  return `no commits yet on ${countOf(partitions.length, 'partition')}`;
}

function partitionName(partition: PartitionJudgement): string {
  return `${partition.topic}/${partition.partition}`;
}

function waitingWords(partition: PartitionJudgement): string {
  return `${formatCount(partition.lag ?? 0)} messages wait`;
}

function warnLine(partition: PartitionJudgement): string {
  const span = spokenDuration(partition.windowSpanMs);
  return `${partitionName(partition)} lag grew over the whole window (${span}) while commits move on; ${waitingWords(partition)}`;
}

function errorLine(partition: PartitionJudgement, now: number): string {
  const name = partitionName(partition);
  const offset = formatCount(partition.committedOffset ?? 0);
  const since = spokenDuration(Math.max(0, now - (partition.stillSince ?? now)));
  switch (partition.status) {
    case 'STALL':
      return `${name} stalled: commits continue but offset ${offset} has not moved for ${since} while ${waitingWords(partition)}`;
    case 'STOP': {
      const span = spokenDuration(partition.windowSpanMs);
      return `${name} stopped: no commit for ${since}, longer than the window's ${span}, while ${waitingWords(partition)}`;
    }
    case 'REWIND': {
      const from = formatCount(partition.rewind?.from ?? 0);
      const to = formatCount(partition.rewind?.to ?? 0);
      return `${name} rewound from offset ${from} to ${to}; ${waitingWords(partition)}`;
    }
    default:
      return `${name} ${partition.status}`;
  }
}
