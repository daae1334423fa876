/**
 * Lag rising while a consumer stands still or barely moves, read off the console's refreshes
 * rather than off commits: a consumer that stops adds no commit, so Burrow's WARN, which needs
 * new commits with rising lag, never sees the lag it leaves behind, and Burrow's STOP waits
 * for a window's span of silence. This is the arithmetic of the console finding
 * "lag rising while the group stands still" (consoleFindings.ts).
 */

/** What one refresh read of a partition. */
export interface PollReading {
  at: number;
  /** Null: the group has no commit on the partition. */
  committedOffset: number | null;
  /** End offset − committed offset, never below 0; null without a commit or an end offset. */
  lag: number | null;
}

/** A refresh at which the consumer owed messages. */
export interface OwingReading {
  at: number;
  committedOffset: number;
  lag: number;
}

export interface RiseOptions {
  /** How long the lag must have risen, the consumer (nearly) standing still. */
  risingMinimumSpanMs: number;
  /** Over how many refreshes (steps from one to the next) the lag must have risen. */
  risingMinimumSteps: number;
  /** The consumer took less than this share of the messages that arrived meanwhile. */
  risingConsumedShare: number;
}

export const defaultRiseOptions: RiseOptions = {
  risingMinimumSpanMs: 15_000,
  risingMinimumSteps: 3,
  risingConsumedShare: 1 / 3,
};

/**
 * The refreshes since the lag was last at or below `allowedLag`, oldest first: how long the
 * consumer has owed messages, and what it did meanwhile. Empty when it owes nothing now. A
 * refresh without an end offset is skipped; one without a commit ends the run. A run longer
 * than the readings kept starts at the oldest of them. A caught-up consumer commits nothing
 * new while nothing arrives, so the time since its last commit says nothing: what counts
 * starts when it owes something.
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
 * The rise on an owing run, judged on its last refreshes — the fewest that make
 * `risingMinimumSteps` steps over at least `risingMinimumSpanMs` and over more than
 * `longerThanMs` — and, when those show it, reported over the most refreshes that still do:
 * the lag rose on two steps in three and overall, and the consumer took less than
 * `risingConsumedShare` of what arrived. Longer than `longerThanMs`, the group's longest
 * gap between commits, because a consumer keeping up commits at least once in that time and
 * so takes about everything that arrived, while between two commits it shows none: a batch
 * consumer's lag rises for a minute between its commits. "Mostly" rising rather than always:
 * with the offset still the lag cannot fall, and a step that does not rise is a refresh in
 * which nothing was written, which a quiet partition has. Not only a standstill: a group in a
 * rebalance storm, or a consumer at a tenth of the produce rate, moves a little now and then
 * while its lag keeps growing.
 */
export function findFallingBehind(
  run: readonly OwingReading[],
  longerThanMs: number,
  options: RiseOptions,
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
