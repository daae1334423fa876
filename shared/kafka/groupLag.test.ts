import { describe, expect, it } from 'vitest';
import { ClusterLagTracker, type GroupLagEvaluation, type PartitionInput } from './groupLag';
import {
  groupLagSummarySchema,
  partitionLagSchema,
  type DrainEta,
  type LagTrend,
  type PartitionOwner,
} from './kafkaModel';

const epoch = 1_760_000_000_000;
const refreshMs = 5000;
const owner: PartitionOwner = { memberId: 'member-1', clientId: 'payment-service', host: '/10.0.3.7' };

interface PartitionPlan {
  topic?: string;
  partition: number;
  /** End offset at `seconds` since the first refresh. */
  end: (seconds: number) => number;
  /** Committed offset at `seconds`; null: never committed. */
  committed: (seconds: number) => number | null;
  owned?: boolean;
}

interface GroupLook {
  state: string;
  memberIds: string[];
}
const stable: GroupLook = { state: 'Stable', memberIds: ['member-1'] };

/** Runs `refreshes` refreshes of one group, 5 s apart, and returns every evaluation. */
function run(
  plans: PartitionPlan[],
  refreshes: number,
  tracker = new ClusterLagTracker(),
  groupId = 'payments',
  look: (refresh: number) => GroupLook = () => stable,
) {
  const evaluations: GroupLagEvaluation[] = [];
  for (let i = 0; i < refreshes; i++) {
    const seconds = (i * refreshMs) / 1000;
    const partitions: PartitionInput[] = plans.map((plan) => ({
      topic: plan.topic ?? 'payment-process',
      partition: plan.partition,
      endOffset: Math.floor(plan.end(seconds)),
      committedOffset: plan.committed(seconds),
      owner: plan.owned === false ? null : owner,
    }));
    evaluations.push(tracker.evaluateGroup({ groupId, at: epoch + i * refreshMs, ...look(i), partitions }));
  }
  return evaluations;
}

function last(evaluations: GroupLagEvaluation[]): GroupLagEvaluation {
  return evaluations.at(-1)!;
}

/** 100 messages/s from offset 10 000. */
const producing = (seconds: number) => 10_000 + 100 * seconds;
/** A consumer keeping up: 20 to 80 messages behind, depending on where a refresh falls between commits. */
const keepingUp = (seconds: number) => producing(seconds) - 50 + 30 * Math.sin(seconds);

describe('ClusterLagTracker.evaluateGroup on polled offsets', () => {
  it('reads a group that keeps up as OK, flat and caught up', () => {
    const plans: PartitionPlan[] = [0, 1].map((partition) => ({
      partition,
      end: producing,
      committed: (s) => Math.round(keepingUp(s + partition)),
    }));
    const { figures, partitions } = last(run(plans, 24));
    expect(figures).toMatchObject({
      groupId: 'payments',
      burrowStatus: 'OK',
      burrowReason: 'all 2 partitions OK',
      findings: [],
      severity: 'ok',
      statusReason: 'all 2 partitions OK',
      worstPartition: null,
      topics: ['payment-process'],
      partitionCount: 2,
      partitionsWithoutCommit: 0,
      trend: 'flat',
      eta: { kind: 'caught-up' },
      complete: 1,
    });
    expect(figures.produceRate).toBeCloseTo(200, 6);
    expect(figures.consumeRate).toBeCloseTo(200, 6);
    expect(figures.lagSeconds).toBeGreaterThan(0.1);
    expect(figures.lagSeconds).toBeLessThan(0.9);
    const lags = partitions.map((p) => p.lag!);
    expect(figures.totalLag).toBe(lags[0]! + lags[1]!);
    expect(figures.maxLag).toEqual({
      topic: 'payment-process',
      partition: lags[0]! >= lags[1]! ? 0 : 1,
      lag: Math.max(...lags),
    });
    expect(partitions.map((p) => [p.partition, p.burrowStatus, p.judged, p.owner, p.findings])).toEqual([
      [0, 'OK', true, owner, []],
      [1, 'OK', true, owner, []],
    ]);
  });

  it('produces values the model accepts', () => {
    const plans: PartitionPlan[] = [
      { partition: 0, end: producing, committed: () => 1200 },
      { partition: 1, end: () => 0, committed: () => null, owned: false },
    ];
    for (const { figures, partitions } of run(plans, 20)) {
      const summary = {
        ...figures,
        key: 'local|payments',
        kafkaCluster: 'local',
        state: 'Stable',
        memberCount: 1,
        lagUnknown: null,
        membersUnknown: null,
        ownerService: null,
        observedAt: epoch,
      };
      expect(groupLagSummarySchema.safeParse(summary).success).toBe(true);
      for (const partition of partitions) expect(partitionLagSchema.safeParse(partition).success).toBe(true);
    }
  });

  it('knows nothing before there is history: Burrow says OK on a window too empty to judge, the severity is unknown', () => {
    const plans: PartitionPlan[] = [{ partition: 0, end: producing, committed: (s) => producing(s) - 5000 }];
    const [first, second] = run(plans, 2);
    for (const { figures } of [first!, second!]) {
      expect(figures).toMatchObject({
        burrowStatus: 'OK',
        severity: 'unknown',
        trend: 'unknown',
        produceRate: null,
        consumeRate: null,
        eta: { kind: 'unknown' },
        totalLag: 5000,
      });
    }
    expect(first!.figures.burrowReason).toBe('nothing judged yet: evaluation window 10% full');
    expect(first!.figures.lagSeconds).toBeNull();
    // Two refreshes place the oldest unconsumed message before the history: at least 5 s.
    expect(second!.figures.lagSeconds).toBe(5);
  });

  it('finds lag rising while a consumer stands still, which polls alone cannot show Burrow', () => {
    // Polled, an offset that does not move adds no commit to Burrow's window: one commit
    // never fills it. The console's finding sees the rise, and makes it an error after a minute.
    const plans: PartitionPlan[] = [
      { partition: 0, end: producing, committed: (s) => Math.round(keepingUp(s)) },
      { partition: 2, end: producing, committed: () => 10_000 },
    ];
    const evaluations = run(plans, 20);
    const { figures, partitions } = last(evaluations);
    expect(figures).toMatchObject({
      burrowStatus: 'OK',
      severity: 'error',
      trend: 'growing',
      eta: { kind: 'never' },
    });
    expect(figures.findings).toEqual([
      {
        kind: 'lag-rising-while-still',
        severity: 'error',
        summary:
          'lag rising while the group stands still: payment-process/2 lag rising for 1 min 30 s while offset 10\u202f000 stands still',
        partitions: [{ topic: 'payment-process', partition: 2 }],
      },
    ]);
    expect(figures.statusReason).toBe(
      `${figures.findings[0]!.summary}; Burrow OK: 1 partition OK; 1 with too few commits to judge`,
    );
    expect(partitions.find((p) => p.partition === 2)).toMatchObject({
      burrowStatus: 'OK',
      judged: false,
      findings: ['lag-rising-while-still'],
    });
    // Found once the rise outlasts a minute without a known gap between commits.
    const firstFound = evaluations.findIndex((e) => e.figures.findings.length > 0);
    expect(firstFound * 5).toBe(70);
    expect(figures.consumeRate).toBeCloseTo(100, 6);
    expect(figures.lagSeconds).toBeCloseTo(95, 0);
  });

  it('sees a rebalance storm: lag rising within 15 s, rebalancing without end after a minute, Burrow STOP once the window says so', () => {
    // Watched for 20 s, moving at every refresh; then broken members join and die: the group
    // rebalances at every other refresh, the offsets stand still and the lag grows.
    const stoppedAt = [3_064_346, 1_774_094, 2_096_665];
    const arrivals = [
      [0, 2, 1, 4, 4, 5],
      [1, 3, 2, 4, 5, 5],
      [0, 1, 1, 4, 4, 5],
    ];
    const deployRefresh = 4;
    const written = (partition: number, refresh: number) =>
      refresh <= deployRefresh
        ? 0
        : arrivals[partition]!.slice(0, refresh - deployRefresh).reduce((sum, n) => sum + n, 0) +
          5 * Math.max(0, refresh - deployRefresh - arrivals[partition]!.length);
    const plans: PartitionPlan[] = stoppedAt.map((stopped, partition) => ({
      partition,
      end: (s) => stopped - 5 * Math.max(0, deployRefresh - s / 5) + written(partition, s / 5),
      committed: (s) => stopped - 5 * Math.max(0, deployRefresh - s / 5),
    }));
    const storm = (refresh: number): GroupLook =>
      refresh <= deployRefresh
        ? stable
        : refresh % 4 === 3
          ? { state: 'Stable', memberIds: ['member-1', `broken-${refresh - 1}`] }
          : { state: 'PreparingRebalance', memberIds: ['member-1', `broken-${refresh}`] };
    const evaluations = run(plans, 20, new ClusterLagTracker(), 'payments', storm);
    const figures = evaluations.map((e) => e.figures);

    expect(figures.slice(5, 11).map((f) => f.totalLag)).toEqual([1, 7, 11, 23, 36, 51]);
    const kinds = figures.map((f) =>
      f.findings.map((finding) => `${finding.kind} ${finding.severity}`).join(', '),
    );
    expect(kinds[7]).toBe('');
    expect(kinds[8]).toBe('lag-rising-while-still warn');
    expect(figures[8]!.findings[0]!.summary).toBe(
      'lag rising while the group stands still: payment-process/1 lag rising for 15 s while offset 1\u202f774\u202f094 stands still',
    );
    // Rebalancing at 6 of the last 13 refreshes, then at 7: more than half.
    expect(kinds[12]).toBe('lag-rising-while-still warn');
    expect(kinds[13]).toBe('lag-rising-while-still warn, rebalancing-without-end warn');
    expect(kinds[17]).toBe('lag-rising-while-still error, rebalancing-without-end warn');
    expect(figures.map((f) => f.severity)).toEqual([
      ...Array<string>(4).fill('unknown'),
      ...Array<string>(4).fill('ok'),
      ...Array<string>(6).fill('warn'),
      ...Array<string>(6).fill('error'),
    ]);
    // Burrow's rules on the moves: five commits fill half the window; the end offsets from
    // before the deploy (caught up) hold STOP off until they leave the ring of ten.
    expect(figures.map((f) => f.burrowStatus)).toEqual([
      ...Array<string>(14).fill('OK'),
      ...Array<string>(6).fill('ERR'),
    ]);
    expect(figures[14]!.worstPartition).toEqual({
      topic: 'payment-process',
      partition: 1,
      burrowStatus: 'STOP',
    });
    expect(figures[14]!.burrowReason).toBe(
      "payment-process/1 stopped: no commit for 50 s, longer than the window's 20 s, while 40 messages wait",
    );
    expect(figures[15]!.burrowReason).toMatch(/; 3 of 3 partitions in error$/);
  });

  it('flags lag on partitions nobody is assigned as "no consumer assigned" from the first refresh, as an error', () => {
    const plans: PartitionPlan[] = [{ partition: 0, end: producing, committed: () => 9000, owned: false }];
    const [first] = run(plans, 1, new ClusterLagTracker(), 'payments', () => ({
      state: 'Empty',
      memberIds: [],
    }));
    expect(first!.figures).toMatchObject({
      burrowStatus: 'OK',
      severity: 'error',
      findings: [
        {
          kind: 'no-consumer-assigned',
          severity: 'error',
          summary:
            'no consumer assigned: the group has no live member while 1\u202f000 messages wait on 1 partition',
          partitions: [{ topic: 'payment-process', partition: 0 }],
        },
      ],
      statusReason:
        'no consumer assigned: the group has no live member while 1\u202f000 messages wait on 1 partition; Burrow OK: nothing judged yet: evaluation window 10% full',
    });
    expect(first!.partitions[0]!.findings).toEqual(['no-consumer-assigned']);
  });

  it('gives a recovering consumer a shrinking ETA that moves with the clock, not by jumps', () => {
    // Producers write 100/s; the consumer works through a 30 000 backlog at 150/s, committing every 10 s.
    const plans: PartitionPlan[] = [
      { partition: 0, end: producing, committed: (s) => 10_000 - 30_000 + 150 * Math.floor(s / 10) * 10 },
    ];
    const evaluations = run(plans, 60).slice(14);
    const etas = evaluations.map(({ figures }) => {
      expect(figures.trend).toBe('draining');
      expect(figures.eta.kind).toBe('eta');
      return figures.eta.kind === 'eta' ? figures.eta.seconds : Number.NaN;
    });
    // Five seconds closer every five seconds, give or take a little: no saw-tooth of a commit's worth (±20 s).
    for (let i = 1; i < etas.length; i++) expect(Math.abs(etas[i]! - etas[i - 1]! + 5)).toBeLessThan(2);
    // The backlog shrinks by 50/s from 30 000, so the truth is 600 s − the time elapsed.
    etas.forEach((eta, i) => expect(Math.abs(eta - (600 - (14 + i) * 5))).toBeLessThan(10));
  });

  it('shows a partition without a commit as such, outside the lag', () => {
    const plans: PartitionPlan[] = [
      { partition: 0, end: producing, committed: (s) => Math.round(keepingUp(s)) },
      { partition: 1, end: producing, committed: () => null, owned: false },
    ];
    const { figures, partitions } = last(run(plans, 12));
    expect(partitions[1]).toMatchObject({
      committedOffset: null,
      lag: null,
      burrowStatus: 'OK',
      judged: false,
      complete: 0,
      findings: [],
    });
    expect(figures).toMatchObject({
      burrowStatus: 'OK',
      severity: 'ok',
      partitionsWithoutCommit: 1,
      totalLag: partitions[0]!.lag,
      burrowReason: '1 partition OK; 1 without a commit',
      // Burrow counts every partition of the group: one of two has a full window.
      complete: 0.5,
    });
  });

  it('reads a group that never committed as NOTFOUND with no lag figures', () => {
    const plans: PartitionPlan[] = [{ partition: 0, end: producing, committed: () => null }];
    const { figures } = last(run(plans, 12));
    expect(figures).toMatchObject({
      burrowStatus: 'NOTFOUND',
      severity: 'unknown',
      statusReason: 'no commits yet on 1 partition',
      totalLag: 0,
      maxLag: null,
      lagSeconds: null,
      trend: 'unknown',
      consumeRate: null,
      eta: { kind: 'unknown' },
      history: [],
    });
  });

  it('treats committed offsets going back as a rewind, never as a negative rate', () => {
    const plans: PartitionPlan[] = [
      {
        partition: 0,
        end: producing,
        committed: (s) => (s < 60 ? producing(s) - 100 : 10_000 + 150 * (s - 60)),
      },
    ];
    const evaluations = run(plans, 20);
    const afterRewind = evaluations.slice(12);
    expect(afterRewind[0]!.figures.burrowStatus).toBe('ERR');
    expect(afterRewind[0]!.figures.worstPartition?.burrowStatus).toBe('REWIND');
    expect(afterRewind[0]!.figures.severity).toBe('error');
    for (const { figures } of evaluations) {
      expect(figures.consumeRate === null || figures.consumeRate >= 0).toBe(true);
    }
    expect(afterRewind.at(-1)!.figures.consumeRate).toBeCloseTo(150, 6);
  });

  it('treats end offsets going back (a recreated topic) as a new history, not a negative rate', () => {
    const plans: PartitionPlan[] = [
      {
        partition: 0,
        end: (s) => (s < 60 ? producing(s) : 10 * (s - 60)),
        committed: (s) => (s < 60 ? producing(s) : 10 * (s - 60)),
      },
    ];
    const evaluations = run(plans, 20);
    for (const { figures } of evaluations) {
      expect(figures.produceRate === null || figures.produceRate >= 0).toBe(true);
    }
    expect(evaluations[12]!.figures.produceRate).toBeNull();
    expect(evaluations.at(-1)!.figures.produceRate).toBeCloseTo(10, 6);
  });

  it('keeps a sparkline that only changes with the lag', () => {
    const plans: PartitionPlan[] = [{ partition: 0, end: (s) => (s < 30 ? 500 : 800), committed: () => 400 }];
    const evaluations = run(plans, 12);
    expect(evaluations.at(-1)!.figures.history).toEqual([
      { at: epoch, totalLag: 100 },
      { at: epoch + 25_000, totalLag: 100 },
      { at: epoch + 30_000, totalLag: 400 },
    ]);
    expect(evaluations.at(-1)!.figures.history).toEqual(evaluations.at(-2)!.figures.history);
  });
});

describe('ClusterLagTracker.evaluateGroup on the commit log', () => {
  const topics = (end: number) => new Map([['payment-process', [{ partition: 0, end }]]]);
  function commitLogTracker(): ClusterLagTracker {
    const tracker = new ClusterLagTracker({
      evaluator: { intervals: 5, minimumDistanceMs: 0, minimumComplete: 0.5, allowedLag: 0 },
    });
    tracker.setCommitSource('commit-log');
    return tracker;
  }
  const commit = (offset: number, timestamp: number) => ({
    groupId: 'payments',
    topic: 'payment-process',
    partition: 0,
    offset,
    timestamp,
  });
  const evaluate = (tracker: ClusterLagTracker, at: number, end: number, committed: number, look = stable) =>
    tracker.evaluateGroup({
      groupId: 'payments',
      at,
      ...look,
      partitions: [
        { topic: 'payment-process', partition: 0, endOffset: end, committedOffset: committed, owner },
      ],
    });

  it('drops commits while no end offset of the partition is known, as Burrow does, then stores them with their lag', () => {
    const tracker = commitLogTracker();
    expect(tracker.recordCommit(commit(100, epoch))).toBe(false);
    tracker.recordEndOffsets(epoch, topics(130));
    expect(tracker.recordCommit(commit(110, epoch + 1000))).toBe(true);
    const { partitions } = evaluate(tracker, epoch + 2000, 140, 110);
    // One commit of five: too few to judge; the polled offset added nothing to the window.
    expect(partitions[0]).toMatchObject({ burrowStatus: 'OK', judged: false, complete: 0.2, lag: 30 });
  });

  it('reads a consumer re-committing one offset while messages arrive as STALL', () => {
    const tracker = commitLogTracker();
    tracker.recordEndOffsets(epoch, topics(1000));
    let end = 1000;
    for (let i = 0; i < 6; i++) {
      end += 50;
      tracker.recordCommit(commit(1000, epoch + i * 1000));
      evaluate(tracker, epoch + i * 1000 + 500, end, 1000);
    }
    const { figures, partitions } = evaluate(tracker, epoch + 6000, end + 50, 1000);
    expect(partitions[0]!.burrowStatus).toBe('STALL');
    expect(figures).toMatchObject({
      burrowStatus: 'ERR',
      severity: 'error',
      worstPartition: { topic: 'payment-process', partition: 0, burrowStatus: 'STALL' },
    });
    expect(figures.burrowReason).toBe(
      'payment-process/0 stalled: commits continue but offset 1\u202f000 has not moved for 5 s while 350 messages wait',
    );
  });

  it('reads a consumer that stopped committing as STOP once the silence outlasts the window, members or not', () => {
    const tracker = commitLogTracker();
    tracker.recordEndOffsets(epoch, topics(1000));
    for (let i = 0; i < 5; i++) tracker.recordCommit(commit(1000 + i * 10, epoch + i * 1000));
    const statuses = [];
    for (let i = 0; i < 12; i++) {
      const { partitions } = evaluate(tracker, epoch + 5000 + i * 1000, 1100 + i * 10, 1040);
      statuses.push(partitions[0]!.burrowStatus);
    }
    // No end offset read since shows it caught up (at or below 1 040): STOP once more than
    // the window's 4 s have passed since the last commit, at 4 s.
    expect(statuses.slice(0, 5)).toEqual(['OK', 'OK', 'OK', 'OK', 'STOP']);
    expect(statuses.at(-1)).toBe('STOP');
  });

  it('judges nothing while the commit log has not been read up to the refresh', () => {
    const tracker = commitLogTracker();
    tracker.recordEndOffsets(epoch, topics(1000));
    // Commits from long ago, the log's newer ones not read yet: a working consumer would read STOP.
    for (let i = 0; i < 5; i++) tracker.recordCommit(commit(900 + i, epoch - 3_600_000 + i * 1000));
    tracker.setCommitLogBehind(true);
    const behind = evaluate(tracker, epoch, 1100, 1090);
    expect(behind.partitions[0]).toMatchObject({ burrowStatus: 'OK', judged: false, complete: 1 });
    expect(behind.figures).toMatchObject({
      burrowStatus: 'OK',
      severity: 'unknown',
      burrowReason: 'not judged until __consumer_offsets has been read up to now',
    });
    tracker.setCommitLogBehind(false);
    expect(evaluate(tracker, epoch + 1000, 1100, 1090).partitions[0]!.burrowStatus).toBe('STOP');
  });

  it('starts every window again when the commit source changes', () => {
    const tracker = commitLogTracker();
    tracker.recordEndOffsets(epoch, topics(1000));
    for (let i = 0; i < 5; i++) tracker.recordCommit(commit(1000, epoch + i * 1000));
    tracker.setCommitSource('offset-polls');
    expect(evaluate(tracker, epoch + 5000, 1100, 1000).partitions[0]).toMatchObject({ complete: 0.2 });
  });

  it('forgets the commits of a partition whose offsets were deleted', () => {
    const tracker = commitLogTracker();
    tracker.recordEndOffsets(epoch, topics(1000));
    for (let i = 0; i < 5; i++) tracker.recordCommit(commit(1000, epoch + i * 1000));
    tracker.forgetCommits('payments', 'payment-process', 0);
    expect(evaluate(tracker, epoch + 5000, 1100, 1000).figures.burrowStatus).toBe('NOTFOUND');
  });

  it('keeps a group that committed since the last retain, though not yet listed', () => {
    const tracker = commitLogTracker();
    tracker.recordEndOffsets(epoch, topics(1000));
    tracker.recordCommit(commit(1000, epoch));
    tracker.retainGroups([]);
    expect(tracker.groupCount).toBe(1);
    tracker.retainGroups([]);
    expect(tracker.groupCount).toBe(0);
  });
});

describe('ClusterLagTracker state', () => {
  it('shares end offsets between the groups that read a partition on one refresh', () => {
    const tracker = new ClusterLagTracker();
    const plan: PartitionPlan[] = [{ partition: 0, end: producing, committed: (s) => producing(s) - 10 }];
    for (let i = 0; i < 12; i++) {
      run(plan, 1, tracker, 'a');
      run(plan, 1, tracker, 'b');
    }
    expect(tracker.partitionHistoryCount).toBe(1);
    expect(tracker.groupCount).toBe(2);
  });

  it('forgets groups the monitor no longer lists, and partitions they no longer read', () => {
    const tracker = new ClusterLagTracker({
      endOffsetHistory: { maxSamples: 360, maxAgeMs: 60_000 },
    });
    const both: PartitionPlan[] = [
      { topic: 'orders', partition: 0, end: producing, committed: () => 10_000 },
      { topic: 'refunds', partition: 0, end: producing, committed: () => 10_000 },
    ];
    run(both, 3, tracker, 'a');
    run(both, 3, tracker, 'b');
    tracker.retainGroups(['a']);
    expect(tracker.groupCount).toBe(1);

    // Group a stops reading refunds: its window goes at once, the shared history once it is stale.
    const ordersOnly = [
      { topic: 'orders', partition: 0, endOffset: 20_000, committedOffset: 10_000, owner: null },
    ];
    tracker.evaluateGroup({ groupId: 'a', at: epoch + 30_000, ...stable, partitions: ordersOnly });
    tracker.retainGroups(['a']);
    expect(tracker.partitionHistoryCount).toBe(2);
    tracker.evaluateGroup({ groupId: 'a', at: epoch + 80_000, ...stable, partitions: ordersOnly });
    tracker.retainGroups(['a']);
    expect(tracker.partitionHistoryCount).toBe(1);
    tracker.retainGroups([]);
    expect(tracker.groupCount).toBe(0);
  });

  it('restarts a partition window that comes back after being dropped', () => {
    const tracker = new ClusterLagTracker();
    const plans: PartitionPlan[] = [{ partition: 0, end: producing, committed: () => 10_000 }];
    run(plans, 20, tracker);
    tracker.evaluateGroup({ groupId: 'payments', at: epoch + 100_000, ...stable, partitions: [] });
    const back = tracker.evaluateGroup({
      groupId: 'payments',
      at: epoch + 105_000,
      ...stable,
      partitions: [
        { topic: 'payment-process', partition: 0, endOffset: 20_500, committedOffset: 10_000, owner },
      ],
    });
    expect(back.partitions[0]).toMatchObject({ burrowStatus: 'OK', complete: 0.1, judged: false });
  });
});

describe('ClusterLagTracker through a change of course', () => {
  /** Refreshes after the first one to see a new course within which the console must read it. */
  const within = 2;
  /** What a group that keeps up lags by at a refresh: up to 5 s of production at 2.6 messages/s, a commit interval's worth. */
  const keepUpWobble = [2, 9, 5, 12, 1, 7, 13, 4, 10, 0, 6, 11];
  const wobbleAt = (seconds: number) => keepUpWobble[(seconds / 5) % keepUpWobble.length]!;
  /** payment-service's topic: 2.6 messages/s. */
  const slowEnd = (seconds: number) => 10_000 + Math.floor(2.6 * seconds);
  /**
   * The lag monitor's readings of payment-service after the consumer recovered, every 5 s
   * from 140 s: falling from 203 at once, caught up at 195 s. With one least-squares line
   * through the last minute, the console read growing and never until 160 s and gave a
   * first ETA of 187 s at 170 s, when the lag had half a minute to go.
   */
  const measuredRecovery = [203, 192, 180, 161, 142, 119, 95, 77, 61, 55, 35, 19];
  /** Stopped at 62 s (the lag then grows by every message written), back at 140 s. */
  const recovering = (seconds: number) => {
    if (seconds < 62) return slowEnd(seconds) - wobbleAt(seconds);
    if (seconds < 140) return slowEnd(140) - measuredRecovery[0]!;
    const measured = measuredRecovery[(seconds - 140) / 5];
    return slowEnd(seconds) - (measured ?? wobbleAt(seconds));
  };

  interface Course {
    end: (seconds: number) => number;
    committed: (seconds: number) => number;
    refreshes: number;
    /** The first refresh to see the new course, in seconds; null: one course throughout. */
    turnSeconds: number | null;
    /** What every refresh reads from `within` refreshes after the turn until the lag is caught up. */
    reads: { trend: LagTrend; eta: DrainEta['kind']; consumes: 'faster' | 'slower' | 'as fast' };
  }

  const courses: [string, Course][] = [
    [
      'the measured recovery of payment-service',
      {
        end: slowEnd,
        committed: recovering,
        refreshes: 44,
        turnSeconds: 145,
        reads: { trend: 'draining', eta: 'eta', consumes: 'faster' },
      },
    ],
    [
      'an incident starting: the consumer stops at 62 s',
      {
        end: slowEnd,
        committed: recovering,
        refreshes: 28,
        turnSeconds: 65,
        reads: { trend: 'growing', eta: 'never', consumes: 'slower' },
      },
    ],
    [
      'a group that keeps up, its lag wobbling by a commit interval of a slow topic',
      {
        end: slowEnd,
        committed: (s) => slowEnd(s) - wobbleAt(s),
        refreshes: 40,
        turnSeconds: null,
        reads: { trend: 'flat', eta: 'caught-up', consumes: 'as fast' },
      },
    ],
    [
      'a group that keeps up, its lag wobbling by a commit interval of a busy topic',
      {
        end: producing,
        committed: (s) => producing(s) - Math.round((100 * wobbleAt(s)) / 2.6),
        refreshes: 40,
        turnSeconds: null,
        reads: { trend: 'flat', eta: 'caught-up', consumes: 'as fast' },
      },
    ],
  ];

  it.each(courses)('%s', (_, course) => {
    const plans: PartitionPlan[] = [{ partition: 0, end: course.end, committed: course.committed }];
    const evaluations = run(plans, course.refreshes).map(({ figures }, i) => ({
      seconds: i * 5,
      ...figures,
    }));
    // The lag is gone once it is no more than what a refresh interval brings.
    const drainedSeconds = evaluations.find(
      (e) =>
        e.seconds > (course.turnSeconds ?? 0) &&
        e.totalLag <= course.end(e.seconds) - course.end(e.seconds - 5),
    )?.seconds;
    const from = (course.turnSeconds ?? 0) + within * 5;
    // A drain's course ends where the group reads caught up.
    const caughtUp = evaluations.findIndex((e) => e.seconds >= from && e.eta.kind === 'caught-up');
    const end = course.reads.trend === 'draining' && caughtUp >= 0 ? caughtUp : evaluations.length;
    const onCourse = evaluations.slice(0, end).filter((e) => e.seconds >= from && e.trend !== 'unknown');
    expect(onCourse.length).toBeGreaterThan(6);
    for (const e of onCourse) {
      const consumes =
        Math.abs(e.consumeRate! - e.produceRate!) <= 0.1 * e.produceRate!
          ? 'as fast'
          : e.consumeRate! > e.produceRate!
            ? 'faster'
            : 'slower';
      // A steady rate is judged once a window of history holds it; a new one, as soon as the trend.
      const rateJudged = course.turnSeconds !== null || e.seconds >= 60;
      expect({ seconds: e.seconds, trend: e.trend, eta: e.eta.kind, consumes }).toEqual({
        seconds: e.seconds,
        ...course.reads,
        consumes: rateJudged ? course.reads.consumes : consumes,
      });
      if (e.eta.kind === 'eta') {
        const truth = drainedSeconds! - e.seconds;
        expect(e.eta.seconds, `ETA at ${e.seconds} s, ${truth} s to go`).toBeGreaterThanOrEqual(truth / 2);
        expect(e.eta.seconds, `ETA at ${e.seconds} s, ${truth} s to go`).toBeLessThanOrEqual(truth * 2);
      }
    }
    // Caught up at last, and flat again soon after, rather than draining for another minute.
    if (course.reads.trend === 'draining') {
      const after = evaluations.filter((e) => e.seconds >= drainedSeconds! + within * 5);
      for (const e of after) expect([e.seconds, e.eta.kind]).toEqual([e.seconds, 'caught-up']);
      expect(after.at(-1)!.trend).toBe('flat');
    }
  });
});
