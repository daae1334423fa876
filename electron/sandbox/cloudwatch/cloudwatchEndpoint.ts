import type { EcsSimulation } from '../ecsSimulation';
import type { SandboxHttpHandlers } from '../sandboxHttpServer';
import { AlarmBook } from './alarmBook';
import { describeAlarmHistory, describeAlarms } from './alarmOperations';
import {
  type CloudWatchOperation,
  cloudWatchTargetPrefix,
  handleCloudWatchCborRequest,
  handleCloudWatchRequest,
  isCloudWatchTarget,
} from './cloudwatchProtocols';
import { FleetMetricIndex } from './fleetMetrics';
import { getMetricData } from './getMetricData';
import { pageOf } from './cloudwatchRequests';

export interface CloudWatchEndpointContext {
  simulation: EcsSimulation;
  seed: number;
}

export interface CloudWatchEndpoint {
  /**
   * Adds CloudWatch to the sandbox's HTTP handlers: AWS JSON calls whose X-Amz-Target starts
   * with `GraniteServiceVersion20100801.` and RPC v2 CBOR calls to that service are answered
   * here, everything else goes where it went before, so every service shares one endpoint URL.
   */
  attach(handlers: SandboxHttpHandlers): SandboxHttpHandlers;
  /**
   * Evaluates the alarms up to the clock's time. The sandbox calls it at every step, so each
   * change is recorded while the fleet still holds the tasks behind it.
   */
  evaluateAlarms(): void;
  /** CloudWatch calls answered since the start, by operation ("GetMetricData"); for tests and the bench. */
  callCounts(): ReadonlyMap<string, number>;
}

/** CloudWatch's metrics and alarms for the simulated fleet. */
export function createCloudWatchEndpoint({
  simulation,
  seed,
}: CloudWatchEndpointContext): CloudWatchEndpoint {
  const index = new FleetMetricIndex(simulation, seed);
  const alarms = new AlarmBook(index);
  // Answers reflect the clock's time, not the last timer tick.
  const now = (): number => {
    simulation.tick();
    return simulation.now();
  };
  const calls = new Map<string, number>();
  const counted =
    (operation: string, answer: CloudWatchOperation): CloudWatchOperation =>
    (input) => {
      calls.set(operation, (calls.get(operation) ?? 0) + 1);
      return answer(input);
    };
  const operations = new Map<string, CloudWatchOperation>(
    Object.entries<CloudWatchOperation>({
      GetMetricData: (input) => getMetricData(index, input, now()),
      DescribeAlarms: (input) => describeAlarms(alarms, input, now()),
      DescribeAlarmHistory: (input) => describeAlarmHistory(alarms, input, now()),
      ListMetrics: (input) => listMetrics(index, input),
    }).map(([operation, answer]) => [operation, counted(operation, answer)]),
  );
  return {
    attach: (handlers) => ({
      ...handlers,
      awsJson: (target, body) =>
        isCloudWatchTarget(target)
          ? handleCloudWatchRequest(operations, target, body)
          : handlers.awsJson(target, body),
      rpcV2Cbor: (service, operation, body) =>
        service === cloudWatchTargetPrefix
          ? handleCloudWatchCborRequest(operations, operation, body)
          : (handlers.rpcV2Cbor?.(service, operation, body) ?? null),
    }),
    evaluateAlarms: () => alarms.evaluate(simulation.now()),
    callCounts: () => new Map(calls),
  };
}

/** ListMetrics: the fleet's metrics, filtered by namespace, name and dimensions, 500 a page as CloudWatch pages them. */
function listMetrics(index: FleetMetricIndex, input: object): object {
  const request = input as Record<string, unknown>;
  const filters = Array.isArray(request.Dimensions)
    ? (request.Dimensions as Array<{ Name?: string; Value?: string }>)
    : [];
  const matching = index
    .published()
    .filter(
      (metric) =>
        (request.Namespace === undefined || metric.namespace === request.Namespace) &&
        (request.MetricName === undefined || metric.metricName === request.MetricName) &&
        filters.every((filter) =>
          metric.dimensions.some(
            (dimension) =>
              dimension.Name === filter.Name &&
              (filter.Value === undefined || dimension.Value === filter.Value),
          ),
        ),
    );
  const page = pageOf(matching, request.NextToken, 500, 'metrics');
  return {
    Metrics: page.items.map((metric) => ({
      Namespace: metric.namespace,
      MetricName: metric.metricName,
      Dimensions: metric.dimensions,
    })),
    NextToken: page.nextToken,
  };
}
