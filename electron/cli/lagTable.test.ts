import { describe, expect, it } from 'vitest';
import type {
  ConsoleFinding,
  GroupLagSummary,
  KafkaClusterStatus,
  LagSnapshot,
} from '../../shared/kafka/kafkaModel';
import { describeEta, renderGroupDetails, renderLagTables } from './lagTable';
import { plainStyle } from './terminalStyle';

const now = Date.UTC(2025, 5, 2, 9, 0, 0);

function cluster(overrides: Partial<KafkaClusterStatus> = {}): KafkaClusterStatus {
  return {
    name: 'orders',
    environment: 'production',
    brokers: ['b-1:9092'],
    state: 'ok',
    lastSuccessAt: now,
    error: null,
    warnings: [],
    groupCount: 1,
    refreshIntervalMs: 5000,
    commitSource: 'commit-log',
    commitSourceNote: null,
    ...overrides,
  };
}

function group(overrides: Partial<GroupLagSummary> = {}): GroupLagSummary {
  return {
    key: 'orders|payment-service',
    kafkaCluster: 'orders',
    groupId: 'payment-service',
    state: 'Stable',
    burrowStatus: 'OK',
    worstPartition: null,
    burrowReason: 'all 3 partitions OK',
    findings: [],
    severity: 'ok',
    statusReason: 'all 3 partitions OK',
    topics: ['payment-process'],
    partitionCount: 3,
    partitionsWithoutCommit: 0,
    memberCount: 3,
    lagUnknown: null,
    membersUnknown: null,
    totalLag: 12,
    maxLag: { topic: 'payment-process', partition: 1, lag: 7 },
    lagSeconds: 4.2,
    trend: 'flat',
    consumeRate: 3,
    produceRate: 3,
    eta: { kind: 'caught-up' },
    complete: 1,
    history: [],
    ownerService: 'payment-service',
    observedAt: now,
    ...overrides,
  };
}

const unassignedFinding: ConsoleFinding = {
  kind: 'no-consumer-assigned',
  severity: 'error',
  summary: 'no consumer assigned: the group has no live member while 640 messages wait on 3 partitions',
  partitions: [],
};
const risingFinding: ConsoleFinding = {
  kind: 'lag-rising-while-still',
  severity: 'error',
  summary:
    'lag rising while the group stands still: payment-process/2 lag rising for 2m 0s while offset 1 200 stands still',
  partitions: [{ topic: 'payment-process', partition: 2 }],
};
const rebalancingFinding: ConsoleFinding = {
  kind: 'rebalancing-without-end',
  severity: 'warn',
  summary: 'rebalancing without end: rebalancing at 8 of 13 refreshes over the last 1m 0s',
  partitions: [],
};

function render(snapshot: Partial<LagSnapshot>): string {
  return renderLagTables(
    { clusters: [cluster()], groups: [group()], generatedAt: now, ...snapshot },
    { width: 160, style: plainStyle },
  );
}

describe('renderLagTables', () => {
  it("prints a heading and a row per group, Burrow's status and the findings apart, with a reason under groups that are not ok", () => {
    const stalled =
      'payment-process/2 stalled: commits continue but offset 1 200 has not moved for 2m 0s while 3 400 messages wait';
    const text = render({
      groups: [
        group(),
        group({
          key: 'orders|ledger',
          groupId: 'ledger',
          burrowStatus: 'ERR',
          severity: 'error',
          worstPartition: { topic: 'payment-process', partition: 2, burrowStatus: 'STALL' },
          burrowReason: stalled,
          findings: [risingFinding, rebalancingFinding],
          statusReason: `Burrow ERR: ${stalled}; ${risingFinding.summary}; ${rebalancingFinding.summary}`,
          totalLag: 3400,
          maxLag: { topic: 'payment-process', partition: 2, lag: 3400 },
          lagSeconds: 130,
          trend: 'growing',
          eta: { kind: 'never' },
          memberCount: 1,
          lagUnknown: null,
          membersUnknown: null,
          ownerService: null,
        }),
      ],
    });
    const lines = text.split('\n');
    expect(lines[0]).toBe('production / Kafka orders (b-1:9092) — 2 consumer groups');
    expect(lines[1]).toMatch(/^ {2}GROUP +BURROW +FINDINGS +LAG /);
    expect(lines[2]).toMatch(
      /^ {2}payment-service +✓ OK +- +12 +payment-process\/1: 7 +4s +→ flat +caught up +3 +payment-service$/,
    );
    // The table prints the narrow no-break space that groups digits as a plain one.
    expect(lines[3]).toMatch(
      /^ {2}ledger +✖ ERR +⚑ lag rising \+1 +3 400 +payment-process\/2: 3 400 +2m 10s +↑ growing +never +1 +-$/,
    );
    expect(lines[4]).toBe(
      `    ↳ Burrow ERR: ${stalled}; ${risingFinding.summary}; ${rebalancingFinding.summary}`,
    );
  });

  it('marks a group Burrow calls OK that the console found in trouble, and says why', () => {
    const text = render({
      groups: [
        group({
          severity: 'error',
          findings: [unassignedFinding],
          statusReason: `${unassignedFinding.summary}; Burrow OK: all 3 partitions OK`,
        }),
      ],
    });
    const lines = text.split('\n');
    expect(lines[2]).toMatch(/^ {2}payment-service +✓ OK +⚑ unassigned +12 /);
    expect(lines[3]).toBe(`    ↳ ${unassignedFinding.summary}; Burrow OK: all 3 partitions OK`);
  });

  it('never reads OK where Burrow has judged nothing yet: the group is "not judged" with why', () => {
    const text = render({
      groups: [
        group({
          severity: 'unknown',
          statusReason: 'nothing judged yet: evaluation window 40% full',
        }),
      ],
    });
    const lines = text.split('\n');
    expect(lines[2]).toMatch(/^ {2}payment-service +○ not judged +- +12 /);
    expect(lines[3]).toBe('    ↳ nothing judged yet: evaluation window 40% full');
    expect(text).not.toMatch(/✓ OK/);
  });

  it('says when commits come from offset polls, and why', () => {
    const text = render({
      clusters: [
        cluster({
          commitSource: 'offset-polls',
          commitSourceNote: '__consumer_offsets cannot be read: not authorised',
        }),
      ],
    });
    expect(text.split('\n')[0]).toBe(
      'production / Kafka orders (b-1:9092) — 1 consumer group — commits from offset polls: __consumer_offsets cannot be read: not authorised',
    );
  });

  it('says "no commit" rather than a lag of 0 for a group that never committed', () => {
    const text = render({
      groups: [
        group({
          totalLag: 0,
          maxLag: null,
          lagSeconds: null,
          partitionsWithoutCommit: 3,
          burrowStatus: 'NOTFOUND',
          severity: 'unknown',
          trend: 'unknown',
          eta: { kind: 'unknown' },
        }),
      ],
    });
    expect(text).toMatch(/payment-service +○ NOTFOUND +- +no commit +- +- +measuring… +measuring…/);
  });

  it('says "unknown" for lag it could not read and "?" for members it could not, with the reasons', () => {
    const text = render({
      clusters: [
        cluster({
          warnings: [
            {
              code: 'KAFKA_ACCESS_DENIED',
              message:
                'The Kafka cluster orders (b-1:9092) denied ListGroups to the console (CLUSTER_AUTHORIZATION_FAILED): only the named groups are read',
            },
          ],
        }),
      ],
      groups: [
        group({
          state: 'Unknown',
          memberCount: null,
          membersUnknown: {
            code: 'KAFKA_ACCESS_DENIED',
            message: 'The broker denied DescribeGroups to the console (GROUP_AUTHORIZATION_FAILED)',
          },
          statusReason:
            'all 3 partitions OK; members unknown: The broker denied DescribeGroups to the console (GROUP_AUTHORIZATION_FAILED)',
        }),
        group({
          key: 'orders|payment-replay',
          groupId: 'payment-replay',
          burrowStatus: 'NOTFOUND',
          severity: 'unknown',
          statusReason: 'lag unknown: the broker listed no committed offsets for the group',
          topics: [],
          partitionCount: 0,
          totalLag: 0,
          maxLag: null,
          lagSeconds: null,
          trend: 'unknown',
          eta: { kind: 'unknown' },
          memberCount: 0,
          lagUnknown: { code: 'NOT_FOUND', message: 'the broker listed no committed offsets for the group' },
          ownerService: null,
        }),
      ],
    });
    const lines = text.split('\n');
    expect(lines[1]).toBe(
      '  ▲ The Kafka cluster orders (b-1:9092) denied ListGroups to the console (CLUSTER_AUTHORIZATION_FAILED): only the named groups are read (KAFKA_ACCESS_DENIED)',
    );
    expect(lines[3]).toMatch(/^ {2}payment-service +✓ OK +- +12 +.* +\? +payment-service$/);
    expect(lines[4]).toBe(
      '    ↳ all 3 partitions OK; members unknown: The broker denied DescribeGroups to the console (GROUP_AUTHORIZATION_FAILED)',
    );
    expect(lines[5]).toMatch(
      /^ {2}payment-replay +○ NOTFOUND +- +unknown +- +- +measuring… +measuring… +0 +-$/,
    );
    expect(lines[6]).toBe('    ↳ lag unknown: the broker listed no committed offsets for the group');
  });

  it("says how old a stale cluster's data is and why, and that a failed one has none", () => {
    const stale = render({
      clusters: [
        cluster({
          state: 'stale',
          lastSuccessAt: now - 45_000,
          error: {
            code: 'UNAVAILABLE',
            message: 'Cannot reach the Kafka cluster orders (b-1:9092) (ECONNREFUSED)',
          },
        }),
      ],
    });
    expect(stale.split('\n')[0]).toBe(
      'production / Kafka orders (b-1:9092) — ○ stale, data 45 s old: Cannot reach the Kafka cluster orders (b-1:9092) (ECONNREFUSED)',
    );
    expect(stale).toContain('payment-service');
    const failed = render({
      clusters: [
        cluster({ state: 'error', lastSuccessAt: null, error: { code: 'AUTH', message: 'refused' } }),
      ],
      groups: [],
    });
    expect(failed).toBe('production / Kafka orders (b-1:9092) — ✖ no data: refused\n');
  });
});

describe('renderGroupDetails', () => {
  it("lists Burrow's reason, each finding, and per partition Burrow's status and the findings", () => {
    const text = renderGroupDetails(
      {
        group: group({
          burrowStatus: 'OK',
          severity: 'error',
          burrowReason: 'nothing judged yet: evaluation window 20% full',
          findings: [unassignedFinding],
        }),
        partitions: [
          {
            topic: 'payment-process',
            partition: 0,
            endOffset: 1640,
            committedOffset: 1000,
            lag: 640,
            burrowStatus: 'OK',
            complete: 0.2,
            judged: false,
            owner: null,
            findings: ['no-consumer-assigned'],
          },
        ],
        members: [],
      },
      cluster(),
      now,
      { width: 160, style: plainStyle },
    );
    const lines = text.split('\n');
    expect(lines).toContain('    ↳ Burrow OK: nothing judged yet: evaluation window 20% full');
    expect(lines).toContain(`    ↳ ⚑ error: ${unassignedFinding.summary}`);
    expect(text).toMatch(/ {2}TOPIC\/PARTITION +BURROW +FINDINGS +END +COMMITTED +LAG +OWNER/);
    expect(text).toMatch(/ {2}payment-process\/0 +✓ OK +no consumer assigned +1 640 +1 000 +640 +-/);
  });
});

describe('describeEta', () => {
  it.each([
    [{ kind: 'eta', seconds: 130 } as const, '2m 10s'],
    [{ kind: 'never' } as const, 'never'],
    [{ kind: 'caught-up' } as const, 'caught up'],
    [{ kind: 'unknown' } as const, 'measuring…'],
  ])('%j → %s', (eta, words) => {
    expect(describeEta(eta)).toBe(words);
  });
});
