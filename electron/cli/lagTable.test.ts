import { describe, expect, it } from 'vitest';
import type { GroupLagSummary, KafkaClusterStatus, LagSnapshot } from '../../shared/kafka/kafkaModel';
import { describeEta, renderLagTables } from './lagTable';
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
    ...overrides,
  };
}

function group(overrides: Partial<GroupLagSummary> = {}): GroupLagSummary {
  return {
    key: 'orders|payment-service',
    kafkaCluster: 'orders',
    groupId: 'payment-service',
    state: 'Stable',
    status: 'OK',
    worstPartition: null,
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

function render(snapshot: Partial<LagSnapshot>): string {
  return renderLagTables(
    { clusters: [cluster()], groups: [group()], generatedAt: now, ...snapshot },
    { width: 160, style: plainStyle },
  );
}

describe('renderLagTables', () => {
  it('prints a heading and a row per group, with a reason under groups that are not OK', () => {
    const text = render({
      groups: [
        group(),
        group({
          key: 'orders|ledger',
          groupId: 'ledger',
          status: 'ERR',
          worstPartition: { topic: 'payment-process', partition: 2, status: 'STALL' },
          statusReason:
            'payment-process/2 stalled: offset 1 200 unchanged for 2 min while 3 400 messages wait',
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
    expect(lines[2]).toMatch(
      /^ {2}payment-service +✓ OK +12 +payment-process\/1: 7 +4s +→ flat +caught up +3 +payment-service$/,
    );
    // The table prints the narrow no-break space that groups digits as a plain one.
    expect(lines[3]).toMatch(
      /^ {2}ledger +✖ ERR +3 400 +payment-process\/2: 3 400 +2m 10s +↑ growing +never +1 +-$/,
    );
    expect(lines[4]).toBe(
      '    ↳ payment-process/2 stalled: offset 1 200 unchanged for 2 min while 3 400 messages wait',
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
          status: 'UNKNOWN',
          trend: 'unknown',
          eta: { kind: 'unknown' },
        }),
      ],
    });
    expect(text).toMatch(/payment-service +○ UNKNOWN +no commit +- +- +measuring… +measuring…/);
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
          status: 'UNKNOWN',
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
    expect(lines[3]).toMatch(/^ {2}payment-service +✓ OK +12 +.* +\? +payment-service$/);
    expect(lines[4]).toBe(
      '    ↳ all 3 partitions OK; members unknown: The broker denied DescribeGroups to the console (GROUP_AUTHORIZATION_FAILED)',
    );
    expect(lines[5]).toMatch(/^ {2}payment-replay +○ UNKNOWN +unknown +- +- +measuring… +measuring… +0 +-$/);
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
