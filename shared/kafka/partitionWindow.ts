/**
 * What Burrow's storage keeps for a partition of a group, for the evaluator to judge: the
 * last `intervals` commits — offset, commit time, and the lag at that commit against the
 * end offset known at the time — and the last `intervals` end offsets read. A polled feed
 * adds what Burrow does not need, and what the evaluator reads off it: the gaps between the
 * offset moves it watched (`commitCadence`: how long the group goes without a commit while
 * it works), and the reading of each of the last `readingsKept` refreshes (`findOwingRun`:
 * how long the consumer has owed messages, and what it did meanwhile).
 */

export interface WindowOptions {
  /** Commits (and end offsets) kept per partition: Burrow's `intervals`. */
  intervals: number;
  /** Commits closer together than this are merged into the previous one: Burrow's `min-distance`. */
  minimumDistanceMs: number;
  /** Refresh readings kept per partition: two minutes at the default 5 s refresh. */
  readingsKept: number;
}

export const defaultWindowOptions: WindowOptions = { intervals: 10, minimumDistanceMs: 0, readingsKept: 24 };

export interface CommitRecord {
  offset: number;
  /** Epoch ms of the commit, or of the refresh that first saw it. */
  timestamp: number;
  /** End offset − committed offset when the commit was recorded; null when the end offset was unknown. */
  lag: number | null;
}

/** What one refresh read of the partition. */
export interface PollReading {
  at: number;
  /** Null: the group has no commit on the partition. */
  committedOffset: number | null;
  /** End offset − committed offset; null without a commit or an end offset. */
  lag: number | null;
}

export type CommitOutcome = 'appended' | 'merged' | 'duplicate' | 'out-of-order';

/** One partition's window: the last commits, end offsets and readings, oldest first. */
export class PartitionWindow {
  private readonly commitList: CommitRecord[] = [];
  private readonly endOffsetList: number[] = [];
  private readonly readingList: PollReading[] = [];
  /** The commit the first refresh found: the offset it holds was committed at a time nobody saw. */
  private startingCommit: CommitRecord | null = null;
  private polled = false;

  constructor(private readonly options: WindowOptions = defaultWindowOptions) {}

  get commits(): readonly CommitRecord[] {
    return this.commitList;
  }

  get endOffsets(): readonly number[] {
    return this.endOffsetList;
  }

  get readings(): readonly PollReading[] {
    return this.readingList;
  }

  get lastCommit(): CommitRecord | undefined {
    return this.commitList.at(-1);
  }

  /**
   * Burrow's "complete": how full the window is. A partition counts as fully watched once
   * either ring is full — `intervals` commits, or `intervals` refreshes. The second is the
   * poll's share of the window: a partition whose offset never moves holds one commit
   * forever, and it is exactly the one that must be judged after a window's worth of watching.
   */
  get complete(): number {
    const filled = Math.max(this.commitList.length, this.endOffsetList.length);
    return Math.min(1, filled / this.options.intervals);
  }

  /**
   * The time between consecutive commits of the window that were both watched happen:
   * on a polled feed, between the refreshes that first saw two moves of the offset. The
   * gap that begins at the commit the first refresh found is left out, since that commit
   * was made at some unknown time before; commits recorded as commits all count.
   */
  get commitGaps(): number[] {
    const gaps: number[] = [];
    for (let i = 1; i < this.commitList.length; i++) {
      const previous = this.commitList[i - 1]!;
      if (previous === this.startingCommit) continue;
      gaps.push(this.commitList[i]!.timestamp - previous.timestamp);
    }
    return gaps;
  }

  /** The end offset read on a refresh: Burrow's broker offset ring. */
  recordEndOffset(endOffset: number): void {
    this.endOffsetList.push(endOffset);
    if (this.endOffsetList.length > this.options.intervals) this.endOffsetList.shift();
  }

  /**
   * A commit, stored as Burrow stores one: appended, even when its offset equals the last
   * one's — a consumer committing an offset that does not move is how STALL shows — unless
   * it is the very commit already stored (same offset and time), older than the last one
   * (a poll never goes back in time, and a late commit changes nothing Burrow would judge),
   * or closer to the last one than `minimumDistanceMs`: then it replaces the last one but
   * keeps its time, or a consumer committing faster than the distance would never add a slot.
   */
  recordCommit(commit: CommitRecord): CommitOutcome {
    const last = this.commitList.at(-1);
    if (last) {
      if (commit.timestamp < last.timestamp) return 'out-of-order';
      if (commit.timestamp === last.timestamp && commit.offset === last.offset) return 'duplicate';
      if (commit.timestamp - last.timestamp < this.options.minimumDistanceMs) {
        last.offset = commit.offset;
        last.lag = commit.lag;
        return 'merged';
      }
    }
    this.commitList.push({ offset: commit.offset, timestamp: commit.timestamp, lag: commit.lag });
    if (this.commitList.length > this.options.intervals) this.commitList.shift();
    return 'appended';
  }

  /**
   * One refresh's reading of the partition. A committed offset read again unchanged is taken
   * for the commit already stored, not for a new one: an offset fetch carries no commit time,
   * so a consumer re-committing the same offset cannot be told from one that commits nothing,
   * and counting every refresh as a commit would make a group that commits once a minute look
   * stalled between its commits. The window therefore holds the offset's moves, each at the
   * refresh that first saw it (the commit happened since the refresh before); the refreshes
   * fill the end-offset ring and the readings.
   */
  recordPoll(poll: { at: number; committedOffset: number | null; endOffset: number | null }): void {
    const firstPoll = !this.polled;
    this.polled = true;
    const lag =
      poll.committedOffset === null || poll.endOffset === null
        ? null
        : Math.max(poll.endOffset - poll.committedOffset, 0);
    this.readingList.push({ at: poll.at, committedOffset: poll.committedOffset, lag });
    if (this.readingList.length > this.options.readingsKept) this.readingList.shift();
    if (poll.endOffset !== null) this.recordEndOffset(poll.endOffset);
    if (poll.committedOffset === null) return;
    if (this.lastCommit?.offset === poll.committedOffset) return;
    const outcome = this.recordCommit({ offset: poll.committedOffset, timestamp: poll.at, lag });
    if (firstPoll && outcome === 'appended') this.startingCommit = this.lastCommit ?? null;
  }
}

/**
 * The longest watched gap between offset moves, once there are `minimumGaps` of them: how
 * long this group can go without a commit while it is working. The longest, not a typical
 * one, so a pause the group is known to take is never read as a stop.
 */
export function commitCadence(gaps: readonly number[], minimumGaps: number): number | null {
  if (gaps.length === 0 || gaps.length < minimumGaps) return null;
  return Math.max(...gaps);
}

/** A refresh at which the consumer owed messages. */
export interface OwingReading {
  at: number;
  committedOffset: number;
  lag: number;
}

/**
 * The refreshes since the lag was last at or below `allowedLag`, oldest first: how long the
 * consumer has owed messages, and what it did meanwhile. Empty when it owes nothing now. A
 * refresh without an end offset is skipped; one without a commit ends the run. A run longer
 * than the readings kept starts at the oldest of them.
 */
export function findOwingRun(readings: readonly PollReading[], allowedLag: number): OwingReading[] {
  const run: OwingReading[] = [];
  for (let i = readings.length - 1; i >= 0; i--) {
    const { at, committedOffset, lag } = readings[i]!;
    if (committedOffset === null) break;
    if (lag === null) continue;
    if (lag <= allowedLag) break;
    run.push({ at, committedOffset, lag });
  }
  return run.reverse();
}

/**
 * The end of an owing run in which the offset has not moved: timed from its first refresh,
 * not from the last commit, since a consumer caught up and idle commits nothing new however
 * long nothing arrives, and owes nothing until something does.
 */
export function standstillOf(run: readonly OwingReading[]): OwingReading[] {
  const offset = run.at(-1)?.committedOffset;
  let start = run.length;
  while (start > 0 && run[start - 1]!.committedOffset === offset) start--;
  return run.slice(start);
}
