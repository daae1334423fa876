import {
  type CloudWatchClient,
  type Dimension,
  GetMetricDataCommand,
  type GetMetricDataCommandInput,
  InvalidParameterValueException,
  ListMetricsCommand,
  type MetricDataQuery,
  MissingRequiredParameterException,
  ValidationException,
} from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxCloudWatchClient } from '../../testing/cloudWatchTestClient';
import { startTestSandbox, type TestSandbox } from '../../testing/sandboxTestHarness';
import { clusterLoadBalancerArn, elbDimensionValue } from './loadBalancerDimensions';

/** The sandbox's CloudWatch metrics through the real SDK, on the ECS endpoint's port. */

const minute = 60_000;
const production = 'flarenet-production';

let harness: TestSandbox;
let cloudWatch: CloudWatchClient;
let now: number;

beforeAll(async () => {
  harness = await startTestSandbox();
  cloudWatch = sandboxCloudWatchClient(harness.sandbox.ecsEndpoint);
  harness.sandbox.advance(30_500);
  now = harness.clock.now();
});

afterAll(async () => {
  cloudWatch.destroy();
  await harness.close();
});

function serviceDimensions(service: string, cluster = production): Dimension[] {
  return [
    { Name: 'ClusterName', Value: cluster },
    { Name: 'ServiceName', Value: service },
  ];
}

function targetGroupDimensions(service: string): Dimension[] {
  const arn = harness.sandbox.simulation.findCluster(production)!.services.get(service)!.service
    .loadBalancers![0]!.targetGroupArn!;
  return [
    { Name: 'TargetGroup', Value: elbDimensionValue(arn) },
    { Name: 'LoadBalancer', Value: elbDimensionValue(clusterLoadBalancerArn(production)) },
  ];
}

function query(
  id: string,
  namespace: string,
  name: string,
  dimensions: Dimension[],
  stat = 'Average',
  period = 60,
): MetricDataQuery {
  return {
    Id: id,
    MetricStat: {
      Metric: { Namespace: namespace, MetricName: name, Dimensions: dimensions },
      Period: period,
      Stat: stat,
    },
  };
}

function lastMinutes(minutes: number, queries: MetricDataQuery[]): GetMetricDataCommandInput {
  return { StartTime: new Date(now - minutes * minute), EndTime: new Date(now), MetricDataQueries: queries };
}

describe('GetMetricData', () => {
  it('answers each query by its Id with one value per finished period, newest first, on period boundaries', async () => {
    const answer = await cloudWatch.send(
      new GetMetricDataCommand(
        lastMinutes(10, [
          query('cpu', 'AWS/ECS', 'CPUUtilization', serviceDimensions('order-service')),
          query(
            'requests',
            'AWS/ApplicationELB',
            'RequestCount',
            targetGroupDimensions('api-gateway'),
            'Sum',
          ),
        ]),
      ),
    );
    expect(answer.MetricDataResults!.map((result) => [result.Id, result.Label, result.StatusCode])).toEqual([
      ['cpu', 'CPUUtilization', 'Complete'],
      ['requests', 'RequestCount', 'Complete'],
    ]);
    const lastFinished = Math.floor(now / minute) * minute - minute;
    for (const result of answer.MetricDataResults!) {
      // 30.5 s past the minute: the current minute is unfinished, so ten periods end one short.
      expect(result.Timestamps!.map((time) => time.getTime())).toEqual(
        Array.from({ length: 10 }, (_, i) => lastFinished - i * minute).filter(
          (time) => time >= now - 10 * minute,
        ),
      );
      expect(result.Values).toHaveLength(result.Timestamps!.length);
    }
    const cpu = answer.MetricDataResults![0]!.Values!;
    expect(cpu.every((value) => value > 0 && value < 80)).toBe(true);
    expect(answer.MetricDataResults![1]!.Values!.every((value) => value > 100)).toBe(true);
  });

  it('scans oldest first when asked and keeps the same datapoints', async () => {
    const queries = [query('memory', 'AWS/ECS', 'MemoryUtilization', serviceDimensions('user-service'))];
    const newest = await cloudWatch.send(new GetMetricDataCommand(lastMinutes(5, queries)));
    const oldest = await cloudWatch.send(
      new GetMetricDataCommand({ ...lastMinutes(5, queries), ScanBy: 'TimestampAscending' }),
    );
    expect(oldest.MetricDataResults![0]!.Timestamps).toEqual(
      [...newest.MetricDataResults![0]!.Timestamps!].reverse(),
    );
    expect(oldest.MetricDataResults![0]!.Values).toEqual(
      [...newest.MetricDataResults![0]!.Values!].reverse(),
    );
  });

  it('gives a healthy service few 5XX, a p99 above its p50, and every task a healthy target', async () => {
    const dimensions = targetGroupDimensions('api-gateway');
    const answer = await cloudWatch.send(
      new GetMetricDataCommand(
        lastMinutes(5, [
          query('requests', 'AWS/ApplicationELB', 'RequestCount', dimensions, 'Sum'),
          query('errors', 'AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count', dimensions, 'Sum'),
          query('p50', 'AWS/ApplicationELB', 'TargetResponseTime', dimensions, 'p50'),
          query('p99', 'AWS/ApplicationELB', 'TargetResponseTime', dimensions, 'p99'),
          query('healthy', 'AWS/ApplicationELB', 'HealthyHostCount', dimensions),
          query('unhealthy', 'AWS/ApplicationELB', 'UnHealthyHostCount', dimensions),
        ]),
      ),
    );
    const [requests, errors, p50, p99, healthy, unhealthy] = answer.MetricDataResults!.map(
      (result) => result.Values!,
    );
    const desired = harness.sandbox.simulation.findCluster(production)!.services.get('api-gateway')!.service
      .desiredCount!;
    requests!.forEach((count, i) => expect(errors![i]!).toBeLessThan(count * 0.01));
    p50!.forEach((value, i) => expect(p99![i]!).toBeGreaterThan(value));
    expect(healthy!.every((count) => count === desired)).toBe(true);
    expect(unhealthy!.every((count) => count === 0)).toBe(true);
  });

  it('sums a five-minute period from the same traffic as its minutes', async () => {
    const dimensions = targetGroupDimensions('api-gateway');
    const windowEnd = Math.floor(now / (5 * minute)) * 5 * minute;
    const answer = await cloudWatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(windowEnd - 5 * minute),
        EndTime: new Date(windowEnd),
        MetricDataQueries: [
          query('minutes', 'AWS/ApplicationELB', 'RequestCount', dimensions, 'Sum', 60),
          query('fiveminutes', 'AWS/ApplicationELB', 'RequestCount', dimensions, 'Sum', 300),
        ],
      }),
    );
    const minutes = answer.MetricDataResults![0]!.Values!;
    const [total] = answer.MetricDataResults![1]!.Values!;
    expect(minutes).toHaveLength(5);
    const sum = minutes.reduce((a, b) => a + b, 0);
    expect(Math.abs(total! - sum) / sum).toBeLessThan(0.1);
  });

  it('answers the same figures from two sandboxes with the same seed', async () => {
    const twin = await startTestSandbox();
    const twinClient = sandboxCloudWatchClient(twin.sandbox.ecsEndpoint);
    try {
      twin.sandbox.advance(30_500);
      const input = lastMinutes(5, [
        query('cpu', 'AWS/ECS', 'CPUUtilization', serviceDimensions('payment-service')),
      ]);
      const [ours, theirs] = await Promise.all([
        cloudWatch.send(new GetMetricDataCommand(input)),
        twinClient.send(new GetMetricDataCommand(input)),
      ]);
      expect(theirs.MetricDataResults).toEqual(ours.MetricDataResults);
    } finally {
      twinClient.destroy();
      await twin.close();
    }
  });

  it('has no datapoints for a metric the fleet does not publish, and leaves out ReturnData false', async () => {
    const answer = await cloudWatch.send(
      new GetMetricDataCommand(
        lastMinutes(5, [
          query('unknown', 'AWS/ECS', 'CPUUtilization', serviceDimensions('no-such-service')),
          {
            ...query('hidden', 'AWS/ECS', 'CPUUtilization', serviceDimensions('order-service')),
            ReturnData: false,
          },
        ]),
      ),
    );
    expect(answer.MetricDataResults).toEqual([
      {
        Id: 'unknown',
        Label: 'CPUUtilization',
        Timestamps: [],
        Values: [],
        StatusCode: 'Complete',
        Messages: [],
      },
    ]);
  });

  it('takes 500 queries in one call and refuses 501 with ValidationError', async () => {
    const services = harness.sandbox.simulation
      .listClusters()
      .flatMap((cluster) =>
        [...cluster.services.values()].map((service) => serviceDimensions(service.name, cluster.name)),
      );
    const queries = Array.from({ length: 501 }, (_, i) =>
      query(
        `q${i}`,
        'AWS/ECS',
        i % 2 ? 'CPUUtilization' : 'MemoryUtilization',
        services[i % services.length]!,
        'Average',
      ),
    );
    const answer = await cloudWatch.send(new GetMetricDataCommand(lastMinutes(3, queries.slice(0, 500))));
    expect(answer.MetricDataResults).toHaveLength(500);
    expect(answer.NextToken).toBeUndefined();
    const refusal = await cloudWatch
      .send(new GetMetricDataCommand(lastMinutes(3, queries)))
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ValidationException);
    expect(refusal).toMatchObject({
      Code: 'ValidationError',
      message: 'The collection MetricDataQueries must not have a size greater than 500.',
    });
  });

  it('pages by query when the datapoints pass MaxDatapoints', async () => {
    const queries = ['a', 'b', 'c'].map((id) =>
      query(id, 'AWS/ECS', 'CPUUtilization', serviceDimensions('order-service')),
    );
    const first = await cloudWatch.send(
      new GetMetricDataCommand({ ...lastMinutes(10, queries), MaxDatapoints: 20 }),
    );
    expect(first.MetricDataResults!.map((result) => result.Id)).toEqual(['a', 'b']);
    const rest = await cloudWatch.send(
      new GetMetricDataCommand({
        ...lastMinutes(10, queries),
        MaxDatapoints: 20,
        NextToken: first.NextToken,
      }),
    );
    expect(rest.MetricDataResults!.map((result) => result.Id)).toEqual(['c']);
    expect(rest.NextToken).toBeUndefined();
  });

  it.each([
    [
      'an Id that does not start with a lowercase letter',
      [query('Cpu', 'AWS/ECS', 'CPUUtilization', [])],
      ValidationException,
      /Id is not valid/,
    ],
    [
      'two queries with one Id',
      [query('a', 'AWS/ECS', 'CPUUtilization', []), query('a', 'AWS/ECS', 'MemoryUtilization', [])],
      ValidationException,
      /not unique/,
    ],
    [
      'a statistic CloudWatch does not have',
      [query('a', 'AWS/ECS', 'CPUUtilization', [], 'Mean')],
      InvalidParameterValueException,
      /Mean .* not a valid statistic/,
    ],
    [
      'a period that is not a multiple of 60',
      [query('a', 'AWS/ECS', 'CPUUtilization', [], 'Average', 90)],
      ValidationException,
      /Period must be/,
    ],
    [
      'metric math',
      [{ Id: 'a', Expression: 'SUM(METRICS())' }],
      InvalidParameterValueException,
      /MetricStat queries only/,
    ],
  ])('refuses %s, naming what is wrong', async (_, queries, type, message) => {
    const refusal = await cloudWatch
      .send(new GetMetricDataCommand(lastMinutes(5, queries)))
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(type);
    expect((refusal as Error).message).toMatch(message);
  });

  it('refuses a missing StartTime and a StartTime that is not before EndTime', async () => {
    const queries = [query('a', 'AWS/ECS', 'CPUUtilization', serviceDimensions('order-service'))];
    const missing = await cloudWatch
      .send(
        new GetMetricDataCommand({
          EndTime: new Date(now),
          MetricDataQueries: queries,
        } as GetMetricDataCommandInput),
      )
      .catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(MissingRequiredParameterException);
    expect((missing as Error).message).toBe('The parameter StartTime is required.');
    const reversed = await cloudWatch
      .send(
        new GetMetricDataCommand({
          StartTime: new Date(now),
          EndTime: new Date(now - minute),
          MetricDataQueries: queries,
        }),
      )
      .catch((error: unknown) => error);
    expect(reversed).toBeInstanceOf(ValidationException);
  });
});

describe('the wire', () => {
  async function post(target: string, body: string) {
    const response = await fetch(harness.sandbox.ecsEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target },
      body,
    });
    const json: unknown = await response.json();
    return { response, json };
  }

  it('answers an operation it does not serve with InvalidAction, as a query-compatible service', async () => {
    const { response, json } = await post('GraniteServiceVersion20100801.PutDashboard', '{}');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(response.headers.get('x-amzn-query-error')).toBe('InvalidAction;Sender');
    expect(json).toMatchObject({ message: 'The action PutDashboard is not valid for this web service.' });
  });

  it('refuses a body that is not a JSON object, and leaves other services’ calls to them', async () => {
    const { response } = await post('GraniteServiceVersion20100801.DescribeAlarms', '[1]');
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-query-error')).toBe('SerializationException;Sender');
    const ecs = await post('AmazonEC2ContainerServiceV20141113.ListClusters', '{}');
    expect(ecs.response.status).toBe(200);
    expect(ecs.json).toHaveProperty('clusterArns');
  });
});

describe('ListMetrics', () => {
  it('lists ECS metrics of every service and load balancer metrics of those behind it', async () => {
    const ecs = await cloudWatch.send(
      new ListMetricsCommand({ Namespace: 'AWS/ECS', MetricName: 'CPUUtilization' }),
    );
    expect(ecs.Metrics).toHaveLength(18);
    const elb = await cloudWatch.send(
      new ListMetricsCommand({
        Namespace: 'AWS/ApplicationELB',
        Dimensions: [{ Name: 'TargetGroup', Value: targetGroupDimensions('api-gateway')[0]!.Value }],
      }),
    );
    expect(elb.Metrics!.map((metric) => metric.MetricName).sort()).toEqual([
      'HTTPCode_Target_5XX_Count',
      'HealthyHostCount',
      'RequestCount',
      'TargetResponseTime',
      'UnHealthyHostCount',
    ]);
  });
});
