import { spokenDuration } from '../time/durationText';
import { countOf, formatCount } from './lagWords';
import type { ConsoleFinding, ConsoleFindingKind } from './kafkaModel';
import {
  defaultRiseOptions,
  findFallingBehind,
  findOwingRun,
  type PollReading,
  type RiseOptions,
} from './lagRise';

/**
 * What the console finds beside Burrow's status, from what Burrow does not read: who holds
 * each partition, the group's state refresh after refresh, and the lag at every refresh
 * rather than at commits only. Each finding has a name of its own and a severity; Burrow's
 * STOP, STALL, REWIND and WARN stay Burrow's (burrowEvaluator.ts).
 *
 *   - "no consumer assigned" (error): messages wait on a partition that no live member of
 *     the group holds, in a group that is not in the middle of a rebalance. Seen on the
 *     first refresh, whatever the window: nobody will consume them. Not while the committed
 *     offset moves (a consumer assigning itself partitions outside the group's membership
 *     still commits its progress), which takes a second refresh to see.
 *   - "rebalancing without end" (warning): over the last `rebalanceWindowMs` the group was
 *     rebalancing at `rebalanceShare` of the refreshes or more, and still is at one of the
 *     last `rebalanceStillRefreshes`: a crash-looping deployment whose members join and die,
 *     so nobody keeps a partition long enough to get through it. A rolling deployment's few
 *     rebalances, each over in seconds, are seen at a refresh now and then, not at every
 *     other one; a storm that has ended is no longer found a few refreshes later. How many
 *     members came and went is said.
 *   - "lag rising while the group stands still" (warning, then error): the lag kept rising
 *     while the offset stood still or barely moved (`findFallingBehind`), for longer than
 *     the group's longest gap between commits (`unknownCommitGapMs` while the window shows
 *     none); an error once that has lasted `risingErrorAfterMs` and `risingErrorGapMultiple`
 *     such gaps.
 */

export interface FindingOptions extends RiseOptions {
  /** A lag at or below this is no problem; the same as Burrow's `allowed-lag`. */
  allowedLag: number;
  /** How far back the group's rebalancing is judged. */
  rebalanceWindowMs: number;
  /** Rebalancing at this share of the refreshes of that stretch is without end… */
  rebalanceShare: number;
  /** …while the group was rebalancing at one of this many last refreshes. */
  rebalanceStillRefreshes: number;
  /** How long a group may go between commits when its window holds fewer than two. */
  unknownCommitGapMs: number;
  /** A rise is an error once it has lasted this long… */
  risingErrorAfterMs: number;
  /** …and this many times the group's longest gap between commits. */
  risingErrorGapMultiple: number;
}

export const defaultFindingOptions: FindingOptions = {
  ...defaultRiseOptions,
  allowedLag: 0,
  rebalanceWindowMs: 60_000,
  rebalanceShare: 0.5,
  rebalanceStillRefreshes: 3,
  unknownCommitGapMs: 60_000,
  risingErrorAfterMs: 60_000,
  risingErrorGapMultiple: 6,
};

/** Kafka's group states while members are joining or being given their partitions. */
export function isRebalancing(state: string): boolean {
  return state === 'PreparingRebalance' || state === 'CompletingRebalance';
}

/** The group as one refresh saw it. */
export interface GroupObservation {
  at: number;
  /** Kafka's group state. */
  state: string;
  memberIds: readonly string[];
}

export interface PartitionObservation {
  topic: string;
  partition: number;
  /** A live member of the group holds the partition. */
  owned: boolean;
  /** The last refreshes' readings, oldest first, the current one last. */
  readings: readonly PollReading[];
  /** The longest gap between consecutive commits of its window; null with fewer than two. */
  longestCommitGapMs: number | null;
}

export interface FindingsInput {
  now: number;
  /** The group at recent refreshes, oldest first, the current one last. */
  history: readonly GroupObservation[];
  partitions: readonly PartitionObservation[];
  /** False when the group's members could not be read: nothing is said about membership then. */
  membersKnown?: boolean;
}

export interface FindingsResult {
  /** Errors first, then warnings. */
  findings: ConsoleFinding[];
  /** The findings that concern each partition, by `topic/partition`. */
  byPartition: Map<string, ConsoleFindingKind[]>;
}

const kindOrder: readonly ConsoleFindingKind[] = [
  'no-consumer-assigned',
  'lag-rising-while-still',
  'rebalancing-without-end',
];

export function findConsoleFindings(
  input: FindingsInput,
  options: FindingOptions = defaultFindingOptions,
): FindingsResult {
  const findings = [
    noConsumerAssigned(input, options),
    lagRisingWhileStill(input, options),
    rebalancingWithoutEnd(input, options),
  ]
    .filter((finding): finding is ConsoleFinding => finding !== null)
    .sort(
      (a, b) =>
        (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) ||
        kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind),
    );
  const byPartition = new Map<string, ConsoleFindingKind[]>();
  for (const finding of findings) {
    for (const { topic, partition } of finding.partitions) {
      const key = `${topic}/${partition}`;
      byPartition.set(key, [...(byPartition.get(key) ?? []), finding.kind]);
    }
  }
  return { findings, byPartition };
}

function current(partition: PartitionObservation): PollReading | undefined {
  return partition.readings.at(-1);
}

function name(partition: Pick<PartitionObservation, 'topic' | 'partition'>): string {
  return `${partition.topic}/${partition.partition}`;
}

/** "a/0, a/1 and b/2", or "a/0, a/1, a/2 and 4 more". */
function nameList(partitions: readonly PartitionObservation[]): string {
  const names = partitions.map(name);
  if (names.length <= 3)
    return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
  return `${names.slice(0, 3).join(', ')} and ${formatCount(names.length - 3)} more`;
}

function noConsumerAssigned(input: FindingsInput, options: FindingOptions): ConsoleFinding | null {
  if (input.membersKnown === false) return null;
  const group = input.history.at(-1);
  if (!group || isRebalancing(group.state)) return null;
  const unowned = input.partitions.filter((partition) => {
    if (partition.owned) return false;
    const now = current(partition);
    if (!now || now.lag === null || now.lag <= options.allowedLag) return false;
    const before = partition.readings.at(-2);
    const moving =
      before?.committedOffset != null &&
      now.committedOffset !== null &&
      now.committedOffset > before.committedOffset;
    return !moving;
  });
  if (unowned.length === 0) return null;
  const waiting = unowned.reduce((sum, partition) => sum + (current(partition)?.lag ?? 0), 0);
  const where =
    group.memberIds.length === 0
      ? `the group has no live member while ${formatCount(waiting)} messages wait on ${countOf(unowned.length, 'partition')}`
      : `${nameList(unowned)} ${unowned.length === 1 ? 'is' : 'are'} held by no live member while ${formatCount(waiting)} messages wait`;
  return {
    kind: 'no-consumer-assigned',
    severity: 'error',
    summary: `no consumer assigned: ${where}`,
    partitions: unowned.map(({ topic, partition }) => ({ topic, partition })),
  };
}

function rebalancingWithoutEnd(input: FindingsInput, options: FindingOptions): ConsoleFinding | null {
  if (input.membersKnown === false) return null;
  const since = input.now - options.rebalanceWindowMs;
  const oldest = input.history[0];
  // Judged only over a whole stretch: a console that has just started has not seen one.
  if (!oldest || oldest.at > since) return null;
  const stretch = input.history.filter((observation) => observation.at >= since);
  const rebalancing = stretch.filter((observation) => isRebalancing(observation.state)).length;
  if (rebalancing < options.rebalanceShare * stretch.length) return null;
  if (!stretch.slice(-options.rebalanceStillRefreshes).some((o) => isRebalancing(o.state))) return null;
  let joined = 0;
  let left = 0;
  let previous = input.history.filter((observation) => observation.at < since).at(-1) ?? stretch[0]!;
  for (const observation of stretch) {
    const before = new Set(previous.memberIds);
    const after = new Set(observation.memberIds);
    const arrived = observation.memberIds.filter((id) => !before.has(id)).length;
    const gone = previous.memberIds.filter((id) => !after.has(id)).length;
    joined += arrived;
    left += gone;
    previous = observation;
  }
  const churn =
    joined + left > 0 ? `; ${countOf(joined, 'member')} joined and ${formatCount(left)} left` : '';
  return {
    kind: 'rebalancing-without-end',
    severity: 'warn',
    summary: `rebalancing without end: rebalancing at ${formatCount(rebalancing)} of ${formatCount(stretch.length)} refreshes over the last ${spokenDuration(options.rebalanceWindowMs)}${churn}`,
    partitions: [],
  };
}

function lagRisingWhileStill(input: FindingsInput, options: FindingOptions): ConsoleFinding | null {
  const rising = input.partitions.flatMap((partition) => {
    const gap = partition.longestCommitGapMs;
    const rise = findFallingBehind(
      findOwingRun(partition.readings, options.allowedLag),
      gap ?? options.unknownCommitGapMs,
      options,
    );
    if (!rise) return [];
    const errorAfter = Math.max(options.risingErrorAfterMs, options.risingErrorGapMultiple * (gap ?? 0));
    const error = input.now - rise.since >= errorAfter;
    return [{ partition, rise, error }];
  });
  if (rising.length === 0) return null;
  const worst = rising.reduce((a, b) =>
    Number(b.error) > Number(a.error) ||
    (b.error === a.error && (current(b.partition)?.lag ?? 0) > (current(a.partition)?.lag ?? 0))
      ? b
      : a,
  );
  const { since, consumed, arrived } = worst.rise;
  const risingFor = `lag rising for ${spokenDuration(input.now - since)}`;
  const offset = formatCount(current(worst.partition)?.committedOffset ?? 0);
  const what =
    consumed === 0
      ? `${name(worst.partition)} ${risingFor} while offset ${offset} stands still`
      : `${name(worst.partition)} ${risingFor}: ${formatCount(consumed)} of ${formatCount(arrived)} new messages consumed`;
  const others =
    rising.length > 1
      ? `; ${formatCount(rising.length)} of ${countOf(input.partitions.length, 'partition')}`
      : '';
  return {
    kind: 'lag-rising-while-still',
    severity: rising.some((entry) => entry.error) ? 'error' : 'warn',
    summary: `lag rising while the group stands still: ${what}${others}`,
    partitions: rising.map(({ partition }) => ({ topic: partition.topic, partition: partition.partition })),
  };
}

/** The findings' names, as they read in a line of text. */
export const consoleFindingNames: Readonly<Record<ConsoleFindingKind, string>> = {
  'no-consumer-assigned': 'no consumer assigned',
  'rebalancing-without-end': 'rebalancing without end',
  'lag-rising-while-still': 'lag rising while the group stands still',
};

/** The same, in a crowded table cell. */
export const consoleFindingShortNames: Readonly<Record<ConsoleFindingKind, string>> = {
  'no-consumer-assigned': 'unassigned',
  'rebalancing-without-end': 'rebalancing',
  'lag-rising-while-still': 'lag rising',
};
