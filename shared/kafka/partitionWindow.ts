/**
 * What Burrow's storage keeps for a partition of a group, for the evaluator to judge: the
 * last `intervals` commits — offset, commit time, and the lag at that commit against the
 * end offset known at the time — and the last `intervals` end offsets read.
 */

export interface WindowOptions {
  /** Commits (and end offsets) kept per partition: Burrow's `intervals`. */
  intervals: number;
  /** Commits closer together than this are merged into the previous one: Burrow's `min-distance`. */
  minimumDistanceMs: number;
}

export const defaultWindowOptions: WindowOptions = { intervals: 10, minimumDistanceMs: 0 };

export interface CommitRecord {
  offset: number;
  /** Epoch ms of the commit, or of the refresh that first saw it. */
  timestamp: number;
  /** End offset − committed offset when the commit was recorded; null when the end offset was unknown. */
  lag: number | null;
}

export type CommitOutcome = 'appended' | 'merged' | 'duplicate' | 'out-of-order';

/** One partition's window: the last commits and the last end offsets read, oldest first. */
export class PartitionWindow {
  private readonly commitList: CommitRecord[] = [];
  private readonly endOffsetList: number[] = [];

  constructor(private readonly options: WindowOptions = defaultWindowOptions) {}

  get commits(): readonly CommitRecord[] {
    return this.commitList;
  }

  get endOffsets(): readonly number[] {
    return this.endOffsetList;
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
   * refresh that first saw it (the commit happened since the refresh before), and the
   * refreshes fill the end-offset ring.
   */
  recordPoll(poll: { at: number; committedOffset: number | null; endOffset: number | null }): void {
    if (poll.endOffset !== null) this.recordEndOffset(poll.endOffset);
    if (poll.committedOffset === null) return;
    if (this.lastCommit?.offset === poll.committedOffset) return;
    this.recordCommit({
      offset: poll.committedOffset,
      timestamp: poll.at,
      lag: poll.endOffset === null ? null : Math.max(poll.endOffset - poll.committedOffset, 0),
    });
  }
}
