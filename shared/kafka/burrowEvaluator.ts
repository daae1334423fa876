import { countOf, formatCount, formatDuration } from './lagWords';
import type { GroupStatus, PartitionStatus } from './model';
import {
  defaultWindowOptions,
  type CommitRecord,
  type PartitionWindow,
  type WindowOptions,
} from './partitionWindow';

/**
 * Consumer status by LinkedIn Burrow's rules.
 *
 * Burrow keeps, per partition, a window of the last `intervals` commits (offset, commit time,
 * and the lag at that commit against the end offset known at the time) and the last
 * `intervals` end offsets it read (`PartitionWindow`). With the lag now above `allowedLag`
 * it judges the window in this order, the first rule that holds deciding:
 *   - STOP: the last commit is older than the window is long (now − last > last − first),
 *     unless one of the recent end offsets was at or below the committed offset (the
 *     consumer was caught up moments ago and only new messages arrived since);
 *   - REWIND: the offset went backwards between two commits and has not come back to
 *     where it was;
 *   - OK: the lag was at or below `allowedLag` at some commit in the window;
 *   - STALL: every commit in the window has the same offset;
 *   - WARN: the lag never went down from one commit to the next;
 *   - otherwise OK.
 * At group level the worst partition decides, and STOP, STALL and REWIND read as ERR.
 *
 * The console reads committed offsets by polling, not from the commit stream, so it sees
 * a commit once per refresh at best and a re-commit of the same offset not at all.
 * `PartitionWindow.recordPoll` says how polls become commits, and `calculatePartitionStatus`
 * how that changes STOP and STALL.
 */

export interface EvaluatorOptions extends WindowOptions {
  /** Share of the window that must be filled before a partition is judged: Burrow's `minimum-complete`. */
  minimumComplete: number;
  /** A lag at or below this is never a problem: Burrow's `allowed-lag`. */
  allowedLag: number;
  /**
   * How long an offset must stand still before STOP or STALL, whatever the window's span.
   * Burrow has no such floor: it reads every commit from the start of the consumer offsets
   * topic, so its windows are full and their span is the group's real commit cadence. A
   * console that has just started has seen one commit and knows nothing of the cadence;
   * groups that commit once a minute (batch or checkpoint commits) are normal.
   */
  minimumStopSpanMs: number;
}

export const defaultEvaluatorOptions: EvaluatorOptions = {
  ...defaultWindowOptions,
  minimumComplete: 0.5,
  allowedLag: 0,
  minimumStopSpanMs: 60_000,
};

export interface PartitionVerdict {
  status: PartitionStatus;
  complete: number;
  /** False without a commit or a current lag, or while the window is too empty: the status is then OK, as Burrow reports it. */
  judged: boolean;
  /** For STALL and STOP: when the committed offset last moved (the first commit of its final run). */
  stillSince: number | null;
  /** For REWIND: the offset the consumer went back from, and where it went. */
  rewind: { from: number; to: number } | null;
}

export interface PartitionReading {
  now: number;
  /** End offset − committed offset now; null without a commit or an end offset. */
  currentLag: number | null;
  /** A live member of the group is assigned the partition. */
  assigned: boolean;
}

export function evaluatePartition(
  window: PartitionWindow,
  reading: PartitionReading,
  options: EvaluatorOptions = defaultEvaluatorOptions,
): PartitionVerdict {
  const commits = window.commits;
  const complete = commits.length === 0 ? 0 : window.complete;
  const unjudged: PartitionVerdict = {
    status: 'OK',
    complete,
    judged: false,
    stillSince: null,
    rewind: null,
  };
  if (commits.length === 0 || reading.currentLag === null || complete < options.minimumComplete)
    return unjudged;

  const status = calculatePartitionStatus(
    commits,
    window.endOffsets,
    reading.currentLag,
    reading.now,
    options,
    reading.assigned,
  );
  const rewindIndex = findRewind(commits);
  return {
    status,
    complete,
    judged: true,
    stillSince: status === 'STALL' || status === 'STOP' ? stillSince(commits) : null,
    rewind:
      status === 'REWIND' && rewindIndex > 0
        ? { from: commits[rewindIndex - 1]!.offset, to: commits[rewindIndex]!.offset }
        : null,
  };
}

/**
 * Burrow's rules in Burrow's order, with three changes for a polled feed, each tested:
 *  - the offset must stand still for at least `minimumStopSpanMs` as well as for longer than
 *    the window's span before STOP (see the option);
 *  - when the offset has stood still longer than the window's span, Burrow says STOP (no
 *    commits). A poll cannot see commits of an unchanged offset, so the group's assignment
 *    decides: a live member holding the partition is a consumer that is there but not
 *    moving — STALL; with no member assigned nobody is consuming it — STOP;
 *  - one commit says nothing about how the offset or the lag moves, so the STALL and WARN
 *    rules need two commits (two lags), where Burrow's vacuously hold on one.
 */
export function calculatePartitionStatus(
  commits: readonly CommitRecord[],
  recentEndOffsets: readonly number[],
  currentLag: number,
  now: number,
  options: Pick<EvaluatorOptions, 'allowedLag' | 'minimumStopSpanMs'>,
  assigned = false,
): PartitionStatus {
  if (currentLag <= options.allowedLag || commits.length === 0) return 'OK';

  if (isStopped(commits, now, options.minimumStopSpanMs) && !wasRecentlyCaughtUp(commits, recentEndOffsets)) {
    return assigned ? 'STALL' : 'STOP';
  }

  // Above the zero-lag rule: a consumer with no lag that suddenly rewinds to the earliest
  // offset has zero lag in its window, and would otherwise read OK throughout.
  const rewindIndex = findRewind(commits);
  if (rewindIndex > 0 && !isRewindRecovered(commits, rewindIndex)) return 'REWIND';

  if (isLagAlwaysNonZero(commits, options.allowedLag)) {
    if (commits.length > 1 && isStalled(commits)) return 'STALL';
    if (countLags(commits) > 1 && isLagNotDecreasing(commits)) return 'WARN';
  }
  return 'OK';
}

/** False when the lag was at or below `allowedLag` at some commit of the window. */
export function isLagAlwaysNonZero(commits: readonly CommitRecord[], allowedLag: number): boolean {
  return commits.every((commit) => commit.lag === null || commit.lag > allowedLag);
}

/** The index of the first commit whose offset is below the one before it; −1 without one. */
export function findRewind(commits: readonly CommitRecord[]): number {
  for (let i = 1; i < commits.length; i++) {
    if (commits[i]!.offset < commits[i - 1]!.offset) return i;
  }
  return -1;
}

/**
 * A rewind counts only until the consumer is back where it was: after a rebalance a consumer
 * may commit an offset a little behind its last one and carry on, which is no fault.
 */
export function isRewindRecovered(commits: readonly CommitRecord[], rewindIndex: number): boolean {
  const before = commits[rewindIndex - 1]!.offset;
  return commits.slice(rewindIndex).some((commit) => commit.offset >= before);
}

/** The time since the last commit exceeds the window's span (and the floor): nothing committed for a window. */
export function isStopped(commits: readonly CommitRecord[], now: number, minimumSpanMs = 0): boolean {
  const first = commits[0]!.timestamp;
  const last = commits.at(-1)!.timestamp;
  return now - last > Math.max(last - first, minimumSpanMs);
}

/** Every commit of the window has the same offset. */
export function isStalled(commits: readonly CommitRecord[]): boolean {
  return commits.every((commit) => commit.offset === commits[0]!.offset);
}

/** The lag never went down from one commit to the next (commits without a lag are skipped). */
export function isLagNotDecreasing(commits: readonly CommitRecord[]): boolean {
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
export function wasRecentlyCaughtUp(
  commits: readonly CommitRecord[],
  recentEndOffsets: readonly number[],
): boolean {
  const lastOffset = commits.at(-1)!.offset;
  return recentEndOffsets.some((endOffset) => endOffset <= lastOffset);
}

function countLags(commits: readonly CommitRecord[]): number {
  return commits.filter((commit) => commit.lag !== null).length;
}

function stillSince(commits: readonly CommitRecord[]): number {
  let index = commits.length - 1;
  while (index > 0 && commits[index - 1]!.offset === commits[index]!.offset) index--;
  return commits[index]!.timestamp;
}

export interface PartitionJudgement extends PartitionVerdict {
  topic: string;
  partition: number;
  committedOffset: number | null;
  lag: number | null;
}

export interface GroupVerdict {
  status: GroupStatus;
  worstPartition: { topic: string; partition: number; status: PartitionStatus } | null;
  statusReason: string;
  /** Share of the partitions with a commit whose window is full (Burrow's group "complete"). */
  complete: number;
}

/** Burrow's status constants are ordered by severity; the worst partition speaks for the group. */
const severity: Record<PartitionStatus, number> = { OK: 0, WARN: 1, STOP: 2, STALL: 3, REWIND: 4 };

/**
 * The group's status from its partitions'. A partition without a commit is not judged, as
 * Burrow skips partitions without offsets: nothing says the group should have consumed it
 * yet (a quiet partition, or one the group reaches with `auto.offset.reset`), and it is shown
 * as such, with no lag, rather than as OK at zero. The group is UNKNOWN until at least one
 * partition is judged.
 */
export function evaluateGroup(partitions: readonly PartitionJudgement[], now: number): GroupVerdict {
  const committed = partitions.filter((p) => p.committedOffset !== null);
  const withoutCommit = partitions.length - committed.length;
  const judged = committed.filter((p) => p.judged);
  const complete =
    committed.length === 0 ? 0 : committed.filter((p) => p.complete >= 1).length / committed.length;

  if (judged.length === 0) {
    return {
      status: 'UNKNOWN',
      worstPartition: null,
      statusReason: unjudgedReason(partitions, committed),
      complete,
    };
  }

  const worst = judged.reduce((a, b) =>
    severity[b.status] > severity[a.status] || (b.status === a.status && (b.lag ?? 0) > (a.lag ?? 0)) ? b : a,
  );
  const withoutCommitNote = withoutCommit > 0 ? `; ${formatCount(withoutCommit)} without a commit` : '';

  if (worst.status === 'OK') {
    return {
      status: 'OK',
      worstPartition: null,
      statusReason: `${judged.length === committed.length ? 'all ' : ''}${countOf(judged.length, 'partition')} OK${withoutCommitNote}`,
      complete,
    };
  }

  const worstPartition = { topic: worst.topic, partition: worst.partition, status: worst.status };
  if (worst.status === 'WARN') {
    const warned = judged.filter((p) => p.status === 'WARN').length;
    return {
      status: 'WARN',
      worstPartition,
      statusReason: `lag not shrinking on ${formatCount(warned)} of ${countOf(judged.length, 'partition')}`,
      complete,
    };
  }

  const inError = judged.filter((p) => severity[p.status] >= severity.STOP).length;
  const others =
    inError > 1 ? `; ${formatCount(inError)} of ${countOf(judged.length, 'partition')} in error` : '';
  return { status: 'ERR', worstPartition, statusReason: `${errorLine(worst, now)}${others}`, complete };
}

function unjudgedReason(
  partitions: readonly PartitionJudgement[],
  committed: readonly PartitionJudgement[],
): string {
  if (partitions.length === 0) return 'no partitions assigned or committed';
  if (committed.length === 0) return `no commits yet on ${countOf(partitions.length, 'partition')}`;
  if (committed.every((p) => p.lag === null)) return 'end offsets not read yet';
  const filled = Math.max(...committed.map((p) => p.complete));
  return `evaluation window ${Math.round(filled * 100)}% full`;
}

function errorLine(partition: PartitionJudgement, now: number): string {
  const name = `${partition.topic}/${partition.partition}`;
  const waiting = `${formatCount(partition.lag ?? 0)} messages wait`;
  const still = formatDuration((now - (partition.stillSince ?? now)) / 1000);
  const offset = formatCount(partition.committedOffset ?? 0);
  switch (partition.status) {
    case 'STALL':
      return `${name} stalled: offset ${offset} unchanged for ${still} while ${waiting}`;
    case 'STOP':
      return `${name} stopped: no consumer assigned, offset ${offset} unchanged for ${still} while ${waiting}`;
    case 'REWIND': {
      const from = formatCount(partition.rewind?.from ?? 0);
      const to = formatCount(partition.rewind?.to ?? 0);
      return `${name} rewound from offset ${from} to ${to}; ${waiting}`;
    }
    default:
      return `${name} ${partition.status}`;
  }
}
