/**
 * The fewest calls a steady refresh can make, per API, as the targets define them,
 * and how the calls measured compare with them.
 */

/** ECS calls per steady refresh: one DescribeServices per 10 services of each cluster, nothing else. */
export function ecsSteadyFloor(servicesPerCluster: readonly number[]): Map<string, number> {
  return new Map([
    ['DescribeServices', servicesPerCluster.reduce((sum, services) => sum + Math.ceil(services / 10), 0)],
    ['DescribeTaskDefinition', 0],
  ]);
}

/**
 * ListServices pages each cluster's membership (100 services a page) on a slower cadence;
 * spread over the refreshes of one membership period, that is the share of a refresh.
 */
export function listServicesFloorPerRefresh(
  servicesPerCluster: readonly number[],
  refreshIntervalMs: number,
  membershipIntervalMs = 60_000,
): number {
  const pages = servicesPerCluster.reduce((sum, services) => sum + Math.max(1, Math.ceil(services / 100)), 0);
  return (pages * refreshIntervalMs) / membershipIntervalMs;
}

/** At start: every cluster listed and described once, every distinct task definition revision described once. */
export function ecsStartFloor(
  servicesPerCluster: readonly number[],
  distinctRevisions: number,
): Map<string, number> {
  return new Map([
    [
      'ListServices',
      servicesPerCluster.reduce((sum, services) => sum + Math.max(1, Math.ceil(services / 100)), 0),
    ],
    ['DescribeServices', servicesPerCluster.reduce((sum, services) => sum + Math.ceil(services / 10), 0)],
    ['DescribeTaskDefinition', distinctRevisions],
  ]);
}

/**
 * CloudWatch calls per metrics refresh: GetMetricData takes 500 queries a call, and the
 * console asks 2 for every service (CPU, memory) and 6 more for one behind a load balancer.
 */
export function metricsRefreshFloor(services: number, loadBalanced: number): Map<string, number> {
  return new Map([['GetMetricData', Math.ceil((2 * services + 6 * loadBalanced) / 500)]]);
}

export interface KafkaShape {
  brokers: number;
  groups: number;
  /**
   * How many groups one OffsetFetch asks about: the console's batch size where the broker
   * answers OffsetFetch v8 (many groups in one request), else 1.
   */
  groupsPerOffsetFetch: number;
}

/**
 * Kafka requests per steady refresh: one ListOffsets per broker with every partition in it,
 * one ListGroups and one batched DescribeGroups per broker, OffsetFetch batched where the
 * broker can, as many groups a request as the console puts in one (else one per group), and no FindCoordinator: coordinators are cached.
 */
export function kafkaSteadyFloor(shape: KafkaShape): Map<string, number> {
  return new Map([
    ['ListOffsets', shape.brokers],
    ['OffsetFetch', Math.max(shape.brokers, Math.ceil(shape.groups / shape.groupsPerOffsetFetch))],
    ['FindCoordinator', 0],
    ['DescribeGroups', shape.brokers],
    ['ListGroups', shape.brokers],
  ]);
}

/** The lowest OffsetFetch version that asks for many groups in one request. */
export const offsetFetchBatchVersion = 8;

/** Calls made between two readings of a counter, by API. */
export function callsBetween(
  before: ReadonlyMap<string, number>,
  after: ReadonlyMap<string, number>,
): Map<string, number> {
  const calls = new Map<string, number>();
  for (const [api, total] of after) {
    const made = total - (before.get(api) ?? 0);
    if (made > 0) calls.set(api, made);
  }
  return calls;
}

export interface FloorComparison {
  api: string;
  actual: number;
  floor: number;
  /** actual ÷ floor; null where the floor is 0. */
  ratio: number | null;
  met: boolean;
}

export interface FloorReport {
  /** The APIs the floor names, in its order. */
  floored: FloorComparison[];
  /** Calls to APIs the floor says nothing about (Metadata, the commit log's Fetch), by name. */
  other: Map<string, number>;
  met: boolean;
}

/** A small tolerance absorbs a refresh that straddles the window's edges. */
export function compareWithFloor(
  actual: ReadonlyMap<string, number>,
  floors: ReadonlyMap<string, number>,
  tolerance = 0.02,
): FloorReport {
  const floored = [...floors].map(([api, floor]) => {
    const made = actual.get(api) ?? 0;
    return {
      api,
      actual: made,
      floor,
      ratio: floor === 0 ? null : made / floor,
      met: floor === 0 ? made <= tolerance : made <= floor * (1 + tolerance),
    };
  });
  const other = new Map([...actual].filter(([api]) => !floors.has(api)).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { floored, other, met: floored.every((comparison) => comparison.met) };
}

function callCount(value: number): string {
  return Number.isInteger(value)
    ? value.toLocaleString('en-US')
    : value.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

/** "1,100 for a floor of 1,000 (1.10)"; "12 for a floor of 0". */
export function comparisonText(comparison: FloorComparison): string {
  const ratio = comparison.ratio === null ? '' : ` (${comparison.ratio.toFixed(2)})`;
  return `${callCount(comparison.actual)} for a floor of ${callCount(comparison.floor)}${ratio}`;
}

/** "DescribeServices 110/100, FindCoordinator 20/0; also Metadata 3": actual/floor, for a table cell. */
export function floorReportText(report: FloorReport): string {
  const floored = report.floored
    .map((c) => `${c.api} ${callCount(c.actual)}/${callCount(c.floor)}`)
    .join(', ');
  const other = [...report.other].map(([api, n]) => `${api} ${callCount(n)}`).join(', ');
  return other === '' ? floored : `${floored}; also ${other}`;
}
