import { describe, expect, it } from 'vitest';
import {
  callsBetween,
  compareWithFloor,
  comparisonText,
  floorReportText,
  ecsStartFloor,
  ecsSteadyFloor,
  kafkaSteadyFloor,
  listServicesFloorPerRefresh,
  metricsRefreshFloor,
} from './callFloors';

describe('call floors', () => {
  it('asks ECS for one DescribeServices per ten services of each cluster', () => {
    const floor = ecsSteadyFloor([1000, 1000, 9, 11]);
    expect(floor.get('DescribeServices')).toBe(100 + 100 + 1 + 2);
    expect(floor.get('DescribeTaskDefinition')).toBe(0);
  });

  it('lists each cluster once at start and describes each distinct revision once', () => {
    const floor = ecsStartFloor([1000, 9], 1444);
    expect(Object.fromEntries(floor)).toEqual({
      ListServices: 10 + 1,
      DescribeServices: 100 + 1,
      DescribeTaskDefinition: 1444,
    });
  });

  it('spreads a minute’s membership check over the refreshes of that minute', () => {
    // 10 clusters of 1,000: 100 pages a minute, 12 refreshes of 5 s in it.
    expect(listServicesFloorPerRefresh(Array(10).fill(1000), 5000)).toBeCloseTo(100 / 12);
  });

  it('puts CloudWatch at one GetMetricData per 500 queries: two a service, six more behind a load balancer', () => {
    expect(metricsRefreshFloor(250, 0)).toEqual(new Map([['GetMetricData', 1]]));
    expect(metricsRefreshFloor(251, 0)).toEqual(new Map([['GetMetricData', 2]]));
    expect(metricsRefreshFloor(1000, 120)).toEqual(new Map([['GetMetricData', 6]]));
  });

  it('puts Kafka at one request per broker, and OffsetFetch per group unless the broker batches', () => {
    expect(
      Object.fromEntries(kafkaSteadyFloor({ brokers: 1, groups: 1000, groupsPerOffsetFetch: 1 })),
    ).toEqual({ ListOffsets: 1, OffsetFetch: 1000, FindCoordinator: 0, DescribeGroups: 1, ListGroups: 1 });
    // The figure: 1,000 groups have a floor of 1,003 requests a refresh.
    const total = [
      ...kafkaSteadyFloor({ brokers: 1, groups: 1000, groupsPerOffsetFetch: 1 }).values(),
    ].reduce((sum, n) => sum + n, 0);
    expect(total).toBe(1003);
    expect(
      kafkaSteadyFloor({ brokers: 3, groups: 1000, groupsPerOffsetFetch: 1000 }).get('OffsetFetch'),
    ).toBe(3);
    expect(kafkaSteadyFloor({ brokers: 1, groups: 1000, groupsPerOffsetFetch: 500 }).get('OffsetFetch')).toBe(
      2,
    );
  });
});

describe('comparing calls with the floor', () => {
  it('counts the calls made between two readings', () => {
    const before = new Map([['ListOffsets', 10]]);
    const after = new Map([
      ['ListOffsets', 26],
      ['Metadata', 2],
    ]);
    expect(Object.fromEntries(callsBetween(before, after))).toEqual({ ListOffsets: 16, Metadata: 2 });
  });

  it('gives the ratio to the floor and lists the calls it names nothing about apart', () => {
    const report = compareWithFloor(
      new Map([
        ['DescribeServices', 110],
        ['FindCoordinator', 2000],
        ['Metadata', 1],
      ]),
      new Map([
        ['DescribeServices', 100],
        ['FindCoordinator', 0],
        ['DescribeTaskDefinition', 0],
      ]),
    );
    expect(report.floored.map((c) => [c.api, c.actual, c.ratio, c.met])).toEqual([
      ['DescribeServices', 110, 1.1, false],
      ['FindCoordinator', 2000, null, false],
      ['DescribeTaskDefinition', 0, null, true],
    ]);
    expect(report.met).toBe(false);
    expect(comparisonText(report.floored[0]!)).toBe('110 for a floor of 100 (1.10)');
    expect(comparisonText(report.floored[1]!)).toBe('2,000 for a floor of 0');
    expect(floorReportText(report)).toBe(
      'DescribeServices 110/100, FindCoordinator 2,000/0, DescribeTaskDefinition 0/0; also Metadata 1',
    );
  });

  it('meets the floor below it, as a console that describes quiet services less often does', () => {
    const report = compareWithFloor(
      new Map([['DescribeServices', 40]]),
      new Map([['DescribeServices', 100]]),
    );
    expect(report.floored[0]).toMatchObject({ ratio: 0.4, met: true });
    expect(report.met).toBe(true);
  });
});
