import { spokenDuration } from '../time/durationText';
import { countOf, formatCount } from './lagWords';
import type { GroupStatus, PartitionStatus } from './kafkaModel';
import {
  commitCadence,
  defaultWindowOptions,
  findOwingRun,
  standstillOf,
  type CommitRecord,
  type OwingReading,
  type PartitionWindow,
  type PollReading,
  type WindowOptions,
} from './partitionWindow';

/**
 * Consumer status by LinkedIn Burrow's rules, and what a polled feed adds to them.
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
 * a commit once per refresh at best and a re-commit of the same offset not at all: its
 * window holds the offset's moves (`PartitionWindow.recordPoll`). A consumer that stops
 * adds no commit, so Burrow's WARN, which needs new commits with rising lag, never sees the
 * lag it leaves behind, while the zero-lag commits from before keep the window OK. The
 * console therefore also judges the refreshes between commits, from two things it learns:
 *   - the commit cadence: the longest gap between two offset moves it watched
 *     (`PartitionWindow.commitGaps`), once the window holds `cadenceMinimumGaps` of them.
 *     A console that has just started, or a group that has hardly moved since, has none;
 *   - the owing run: the refreshes since the lag was last at or below `allowedLag`
 *     (`findOwingRun`) — how long the consumer has owed messages, and what it took of them;
 *     its standstill is the end of it in which the offset has not moved (`standstillOf`).
 *     A caught-up consumer commits nothing new while nothing arrives, so the time since
 *     its last commit says nothing; what counts starts when it owes something.
 * The rules, in this order, the first that holds deciding (lag above `allowedLag` now):
 *   1. STOP or STALL, as Burrow's STOP with a floor: the last commit is older than the
 *      window's span and than `minimumStopSpanMs` (the floor that keeps a console that has
 *      just started from judging a group whose cadence it has not seen), and no recent
 *      end offset shows the consumer caught up;
 *   2. STOP or STALL, sooner once the cadence is known: the standstill has lasted more than
 *      `stopCadenceMultiple` cadences — half a minute for a group seen moving at every
 *      5 s refresh. Rule 1 still applies, so never later than without a cadence.
 *      In 1 and 2 a poll cannot tell a re-commit of the same offset from no commit, so the
 *      assignment does: a live member holding the partition is STALL, none is STOP;
 *   3. REWIND, as Burrow's;
 *   4. WARN, lag rising while the consumer stands still or barely moves
 *      (`findFallingBehind`): over the last refreshes of the owing run — at least
 *      `risingMinimumSteps` of them, over `risingMinimumSpanMs` and over longer than the
 *      cadence (or, without one, the floor) — the lag rose on two steps in three and
 *      overall, and the consumer took less than `risingConsumedShare` of what arrived.
 *      Longer than the cadence, because a consumer keeping up commits at least once in
 *      that time and so takes about everything that arrived (more than half of it, however
 *      the refreshes fall between its commits), while between two commits it shows none:
 *      a batch consumer's lag rises for a minute between its commits. Not only a standstill:
 *      a group in a rebalance storm, or a consumer at a tenth of the produce rate, moves a
 *      little now and then while its lag keeps growing;
 *   5. Burrow's OK, STALL and WARN on the commits, STALL and WARN needing two commits (two
 *      lags) where Burrow's hold on one; otherwise OK.
 * With no feed (no readings, no cadence) and no floor these are Burrow's rules exactly.
 */

export interface EvaluatorOptions extends WindowOptions {
  /** Share of the window that must be filled before a partition is judged: Burrow's `minimum-complete`. */
  minimumComplete: number;
  /** A lag at or below this is never a problem: Burrow's `allowed-lag`. */
  allowedLag: number;
  /**
   * How long an offset must stand still before STOP or STALL while the console does not know
   * the group's commit cadence. Burrow has no such floor: it reads every commit from the start
   * of the consumer offsets topic, so its windows are full and their span is the group's real
   * commit cadence. A console that has just started has seen one commit and knows nothing of
   * the cadence; groups that commit once a minute (batch or checkpoint commits) are normal.
   */
  minimumStopSpanMs: number;
  /** Watched gaps between offset moves the window must hold before the console trusts the cadence they show. */
  cadenceMinimumGaps: number;
  /** With a known cadence, an offset standing still this many cadences is STOP or STALL. */
  stopCadenceMultiple: number;
  /** How long the lag must have risen, the consumer (nearly) standing still, before WARN. */
  risingMinimumSpanMs: number;
  /** Over how many refreshes (steps from one to the next) the lag must have risen before WARN. */
  risingMinimumSteps: number;
  /** For that WARN, the consumer took less than this share of the messages that arrived meanwhile. */
  risingConsumedShare: number;
}

export const defaultEvaluatorOptions: EvaluatorOptions = {
  ...defaultWindowOptions,
  minimumComplete: 0.5,
  allowedLag: 0,
  minimumStopSpanMs: 60_000,
  cadenceMinimumGaps: 2,
  stopCadenceMultiple: 6,
  risingMinimumSpanMs: 15_000,
  risingMinimumSteps: 3,
  risingConsumedShare: 1 / 3,
};

/** The options the rules read (the window's sizes aside). */
export type RuleOptions = Pick<
  EvaluatorOptions,
  | 'allowedLag'
  | 'minimumStopSpanMs'
  | 'cadenceMinimumGaps'
  | 'stopCadenceMultiple'
  | 'risingMinimumSpanMs'
  | 'risingMinimumSteps'
  | 'risingConsumedShare'
>;

export interface PartitionVerdict {
  status: PartitionStatus;
  complete: number;
  /** False without a commit or a current lag, or while the window is too empty: the status is then OK, as Burrow reports it. */
  judged: boolean;
  /** For STALL and STOP: when the committed offset last moved (the first commit of its final run). */
  stillSince: number | null;
  /** For REWIND: the offset the consumer went back from, and where it went. */
  rewind: { from: number; to: number } | null;
  /** For a WARN of lag rising while the consumer stands still or barely moves: since when, and what it took. */
  rising: FallingBehind | null;
}

export interface PartitionReading {
  now: number;
  /** End offset − committed offset now; null without a commit or an end offset. */
  currentLag: number | null;
  /** A live member of the group is assigned the partition. */
  assigned: boolean;
}

/** What a polled feed knows beside the commits. */
export interface PolledFeed {
  /** A live member of the group is assigned the partition. */
  assigned?: boolean;
  /** The group's commit cadence (`commitCadence`); null or absent: not known. */
  cadenceMs?: number | null;
  /** The refreshes' readings, oldest first, the current one last. */
  readings?: readonly PollReading[];
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
    rising: null,
  };
  if (commits.length === 0 || reading.currentLag === null || complete < options.minimumComplete)
    return unjudged;

  const { status, rising } = judgePartition(
    commits,
    window.endOffsets,
    reading.currentLag,
    reading.now,
    options,
    {
      assigned: reading.assigned,
      cadenceMs: commitCadence(window.commitGaps, options.cadenceMinimumGaps),
      readings: window.readings,
    },
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
    rising,
  };
}

/** The rules in the order of the module comment; Burrow's own with an empty feed and no floor. */
export function calculatePartitionStatus(
  commits: readonly CommitRecord[],
  recentEndOffsets: readonly number[],
  currentLag: number,
  now: number,
  options: RuleOptions,
  feed: PolledFeed = {},
): PartitionStatus {
  return judgePartition(commits, recentEndOffsets, currentLag, now, options, feed).status;
}

function judgePartition(
  commits: readonly CommitRecord[],
  recentEndOffsets: readonly number[],
  currentLag: number,
  now: number,
  options: RuleOptions,
  feed: PolledFeed,
): { status: PartitionStatus; rising: FallingBehind | null } {
  const verdict = (status: PartitionStatus, rising: FallingBehind | null = null) => ({ status, rising });
  if (currentLag <= options.allowedLag || commits.length === 0) return verdict('OK');

  const last = commits.at(-1)!;
  const cadence = feed.cadenceMs ?? null;
  const owing = findOwingRun(feed.readings ?? [], options.allowedLag);
  const standstill = standstillOf(owing);
  const standingFor = standstill[0]?.committedOffset === last.offset ? now - standstill[0].at : 0;

  const stoppedByWindow =
    isStopped(commits, now, options.minimumStopSpanMs) && !wasRecentlyCaughtUp(commits, recentEndOffsets);
  const stoppedByCadence = cadence !== null && standingFor > options.stopCadenceMultiple * cadence;
  if (stoppedByWindow || stoppedByCadence) return verdict(feed.assigned ? 'STALL' : 'STOP');

  // Above the zero-lag rule: a consumer with no lag that suddenly rewinds to the earliest
  // offset has zero lag in its window, and would otherwise read OK throughout.
  const rewindIndex = findRewind(commits);
  if (rewindIndex > 0 && !isRewindRecovered(commits, rewindIndex)) return verdict('REWIND');

  // Above the zero-lag rule too: the commits from before the consumer stopped had none.
  const rising = findFallingBehind(owing, cadence ?? options.minimumStopSpanMs, options);
  if (rising) return verdict('WARN', rising);

  if (isLagAlwaysNonZero(commits, options.allowedLag)) {
    if (commits.length > 1 && isStalled(commits)) return verdict('STALL');
    if (countLags(commits) > 1 && isLagNotDecreasing(commits)) return verdict('WARN');
  }
  return verdict('OK');
}

/** The lag rising while the consumer stands still or barely moves: since when, and what it took of what arrived. */
export interface FallingBehind {
  /** The first refresh of the rise. */
  since: number;
  /** Messages the consumer committed past meanwhile; 0 while its offset stands still. */
  consumed: number;
  /** Messages written meanwhile. */
  arrived: number;
}

/**
 * Rule 4 on an owing run: judged on its last refreshes — the fewest that make
 * `risingMinimumSteps` steps over at least `risingMinimumSpanMs` and over more than
 * `longerThanMs` — and, when those show it, reported over the most refreshes that still
 * do. With the offset still the lag cannot fall; a step that does not rise is a refresh in
 * which nothing was written, which a quiet partition has, so "mostly" rather than "always".
 */
export function findFallingBehind(
  run: readonly OwingReading[],
  longerThanMs: number,
  options: Pick<RuleOptions, 'risingMinimumSpanMs' | 'risingMinimumSteps' | 'risingConsumedShare'>,
): FallingBehind | null {
  const last = run.at(-1);
  if (!last) return null;
  const minimumSteps = Math.max(1, options.risingMinimumSteps);
  let found: FallingBehind | null = null;
  let rises = 0;
  for (let start = run.length - 2; start >= 0; start--) {
    const first = run[start]!;
    if (run[start + 1]!.lag > first.lag) rises++;
    const steps = run.length - 1 - start;
    const span = last.at - first.at;
    if (steps < minimumSteps || span < options.risingMinimumSpanMs || span <= longerThanMs) continue;
    const consumed = last.committedOffset - first.committedOffset;
    const arrived = last.committedOffset + last.lag - (first.committedOffset + first.lag);
    const falling =
      last.lag > first.lag && rises * 3 >= steps * 2 && consumed < options.risingConsumedShare * arrived;
    if (!falling) return found;
    found = { since: first.at, consumed, arrived };
  }
  return found;
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

  if (worst.status === 'WARN') {
    const warned = judged.filter((p) => p.status === 'WARN');
    const notShrinking = `lag not shrinking on ${formatCount(warned.length)} of ${countOf(judged.length, 'partition')}`;
    // A partition falling behind while it (nearly) stands still says more than a count: it is named.
    const rising = warned
      .filter((p) => p.rising !== null)
      .reduce<PartitionJudgement | null>((a, b) => (a === null || (b.lag ?? 0) > (a.lag ?? 0) ? b : a), null);
    const named = rising ?? worst;
    return {
      status: 'WARN',
      worstPartition: { topic: named.topic, partition: named.partition, status: 'WARN' },
      statusReason: rising
        ? `${risingLine(rising, now)}${warned.length > 1 ? `; ${notShrinking}` : ''}`
        : notShrinking,
      complete,
    };
  }

  const worstPartition = { topic: worst.topic, partition: worst.partition, status: worst.status };

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

function risingLine(partition: PartitionJudgement, now: number): string {
  const { since, consumed, arrived } = partition.rising ?? { since: now, consumed: 0, arrived: 0 };
  const name = `${partition.topic}/${partition.partition}`;
  const rising = `lag rising for ${spokenDuration(now - since)}`;
  return consumed === 0
    ? `${name} ${rising} while offset ${formatCount(partition.committedOffset ?? 0)} stands still`
    : `${name} ${rising}: ${formatCount(consumed)} of ${formatCount(arrived)} new messages consumed`;
}

function errorLine(partition: PartitionJudgement, now: number): string {
  const name = `${partition.topic}/${partition.partition}`;
  const waiting = `${formatCount(partition.lag ?? 0)} messages wait`;
  const still = spokenDuration(now - (partition.stillSince ?? now));
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
