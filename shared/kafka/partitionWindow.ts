/**
 * What Burrow's storage keeps for one partition of a group, for its evaluator to judge: the
 * last `intervals` commits — offset, commit time, and the lag at that commit against the
 * end offset known when it was stored — and the last `intervals` end offsets read from the
 * brokers (Burrow's `core/internal/storage/inmemory.go`).
 *
 * Commits come from one of two feeds. The commit log (`__consumer_offsets`, read as Burrow
 * reads it) gives every commit with its time, re-commits of an unchanged offset included.
 * Without it the console polls committed offsets (OffsetFetch), which carry no commit time:
 * a poll cannot tell a consumer re-committing the same offset from one committing nothing,
 * so the window then holds the offset's moves, each at the refresh that first saw it.
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
  /** Epoch ms of the commit (from the commit log), or of the refresh that first saw it (polled). */
  timestamp: number;
  /** End offset − committed offset when the commit was stored, never below 0; null when the end offset was unknown. */
  lag: number | null;
}

export type CommitOutcome = 'appended' | 'merged';

/** One partition's window: the last commits and end offsets, oldest first. */
export class PartitionWindow {
  private readonly commitList: CommitRecord[] = [];
  private readonly endOffsetList: number[] = [];

  constructor(private readonly options: WindowOptions = defaultWindowOptions) {}

  get commits(): readonly CommitRecord[] {
    return this.commitList;
  }

  /** Burrow's broker offset ring: the end offsets of the last `intervals` refreshes. */
  get endOffsets(): readonly number[] {
    return this.endOffsetList;
  }

  get lastCommit(): CommitRecord | undefined {
    return this.commitList.at(-1);
  }

  /** Burrow's "complete": the share of the `intervals` commit slots that hold a commit. */
  get complete(): number {
    return Math.min(1, this.commitList.length / this.options.intervals);
  }

  recordEndOffset(endOffset: number): void {
    this.endOffsetList.push(endOffset);
    if (this.endOffsetList.length > this.options.intervals) this.endOffsetList.shift();
  }

  /**
   * A commit, stored as Burrow stores one, in the order the commit log holds them: appended,
   * even when its offset equals the last one's (a consumer committing an offset that does
   * not move is how STALL shows), unless it comes less than `minimumDistanceMs` after the
   * last one: then it replaces the last one but keeps its time, or a consumer committing
   * faster than the distance would never fill a slot. The lag is taken against
   * `latestEndOffset`, the newest end offset read before the commit was stored.
   */
  recordCommit(commit: { offset: number; timestamp: number }, latestEndOffset: number | null): CommitOutcome {
    const lag = latestEndOffset === null ? null : Math.max(latestEndOffset - commit.offset, 0);
    const last = this.commitList.at(-1);
    if (last && commit.timestamp - last.timestamp < this.options.minimumDistanceMs) {
      last.offset = commit.offset;
      last.lag = lag;
      return 'merged';
    }
    this.commitList.push({ offset: commit.offset, timestamp: commit.timestamp, lag });
    if (this.commitList.length > this.options.intervals) this.commitList.shift();
    return 'appended';
  }

  /**
   * A committed offset read by polling. An offset read again unchanged is taken for the
   * commit already stored, not for a new one (see the module comment); a changed one is a
   * commit at the refresh time, its lag against this refresh's end offset.
   */
  recordPolledOffset(at: number, committedOffset: number, endOffset: number | null): void {
    if (this.lastCommit?.offset === committedOffset) return;
    this.recordCommit({ offset: committedOffset, timestamp: at }, endOffset);
  }

  /** Forgets the commits (the group's offsets were deleted, or the feed starts over); end offsets stay. */
  clearCommits(): void {
    this.commitList.length = 0;
  }
}
