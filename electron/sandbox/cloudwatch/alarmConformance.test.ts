import {
  type CloudWatchClient,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  InvalidParameterCombinationException,
  type MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import {
  DescribeServicesCommand,
  ListServiceDeploymentsCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sandboxCloudWatchClient } from '../../testing/cloudWatchTestClient';
import { startTestSandbox, type TestSandbox } from '../../testing/sandboxTestHarness';

/** The sandbox's alarms through the real SDK: they follow the fleet as CloudWatch's would. */

const minute = 60_000;
const production = 'flarenet-production';
const gatewayAlarm = 'api-gateway-5xx';

let harness: TestSandbox;
let cloudWatch: CloudWatchClient;

beforeEach(async () => {
  harness = await startTestSandbox();
  cloudWatch = sandboxCloudWatchClient(harness.sandbox.ecsEndpoint);
  harness.sandbox.advance(5 * minute);
});

afterEach(async () => {
  cloudWatch.destroy();
  await harness.close();
});

async function alarm(name: string): Promise<MetricAlarm> {
  const answer = await cloudWatch.send(new DescribeAlarmsCommand({ AlarmNames: [name] }));
  expect(answer.MetricAlarms).toHaveLength(1);
  return answer.MetricAlarms![0]!;
}

/** The alarm's own metric over the last three minutes, with the gateway's p99 and CPU, newest first. */
async function gatewayFigures(): Promise<{ errors: number[]; p99: number[]; cpu: number[] }> {
  const { Dimensions: dimensions } = await alarm(gatewayAlarm);
  const now = harness.clock.now();
  const answer = await cloudWatch.send(
    new GetMetricDataCommand({
      StartTime: new Date(now - 3 * minute),
      EndTime: new Date(now),
      MetricDataQueries: [
        {
          Id: 'errors',
          MetricStat: {
            Metric: {
              Namespace: 'AWS/ApplicationELB',
              MetricName: 'HTTPCode_Target_5XX_Count',
              Dimensions: dimensions,
            },
            Period: 60,
            Stat: 'Sum',
          },
        },
        {
          Id: 'p99',
          MetricStat: {
            Metric: {
              Namespace: 'AWS/ApplicationELB',
              MetricName: 'TargetResponseTime',
              Dimensions: dimensions,
            },
            Period: 60,
            Stat: 'p99',
          },
        },
        {
          Id: 'cpu',
          MetricStat: {
            Metric: {
              Namespace: 'AWS/ECS',
              MetricName: 'CPUUtilization',
              Dimensions: [
                { Name: 'ClusterName', Value: production },
                { Name: 'ServiceName', Value: 'api-gateway' },
              ],
            },
            Period: 60,
            Stat: 'Average',
          },
        },
      ],
    }),
  );
  const [errors, p99, cpu] = answer.MetricDataResults!.map((result) => result.Values!);
  return { errors: errors!, p99: p99!, cpu: cpu! };
}

/** Deploys a broken gateway release the circuit breaker leaves running; returns when it was deployed. */
async function runBrokenGatewayForThreeMinutes(): Promise<number> {
  const deployedAt = harness.clock.now();
  await harness.sandbox.runScenario({
    kind: 'bad-deploy',
    cluster: production,
    service: 'api-gateway',
    circuitBreaker: 'off',
  });
  harness.sandbox.advance(3 * minute);
  return deployedAt;
}

async function rollBackGateway(): Promise<void> {
  const deployments = await harness.ecs.send(
    new ListServiceDeploymentsCommand({
      cluster: production,
      service: 'api-gateway',
      status: ['IN_PROGRESS'],
    }),
  );
  const arn = deployments.serviceDeployments![0]!.serviceDeploymentArn!;
  await harness.ecs.send(
    new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' }),
  );
}

describe('DescribeAlarms', () => {
  it('has a 5XX alarm per production service behind the load balancer and a CPU alarm per service, all OK on a calm fleet', async () => {
    const answer = await cloudWatch.send(new DescribeAlarmsCommand({ MaxRecords: 100 }));
    const names = answer.MetricAlarms!.map((metricAlarm) => metricAlarm.AlarmName);
    expect(names).toContain(gatewayAlarm);
    expect(names).toContain('payment-service-cpu-high');
    expect(names).toContain('staging-payment-service-cpu-high');
    expect(names).toEqual([...names].sort());
    expect(names).toHaveLength(18 + 1);
    expect(new Set(answer.MetricAlarms!.map((metricAlarm) => metricAlarm.StateValue))).toEqual(
      new Set(['OK']),
    );
    expect(await alarm(gatewayAlarm)).toMatchObject({
      Namespace: 'AWS/ApplicationELB',
      MetricName: 'HTTPCode_Target_5XX_Count',
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    expect((await alarm(gatewayAlarm)).StateReason).toMatch(
      /^Threshold Crossed: 3 out of the last 3 datapoints .* were not greater than the threshold/,
    );
    expect(await alarm('api-gateway-cpu-high')).toMatchObject({
      Threshold: 80,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
    });
  });

  it('has the alarms that the services’ deployment configurations name', async () => {
    const { services } = await harness.ecs.send(
      new DescribeServicesCommand({ cluster: production, services: ['api-gateway', 'order-service'] }),
    );
    expect(services!.map((service) => service.deploymentConfiguration?.alarms?.alarmNames)).toEqual([
      [gatewayAlarm],
      undefined,
    ]);
    expect((await alarm(gatewayAlarm)).Dimensions).toContainEqual({
      Name: 'TargetGroup',
      Value: services![0]!.loadBalancers![0]!.targetGroupArn!.split(':').pop(),
    });
  });

  it('filters by name prefix and pages with NextToken', async () => {
    const first = await cloudWatch.send(
      new DescribeAlarmsCommand({ AlarmNamePrefix: 'staging-', MaxRecords: 5 }),
    );
    expect(first.MetricAlarms).toHaveLength(5);
    const rest = await cloudWatch.send(
      new DescribeAlarmsCommand({ AlarmNamePrefix: 'staging-', MaxRecords: 5, NextToken: first.NextToken }),
    );
    expect(rest.NextToken).toBeUndefined();
    const all = [...first.MetricAlarms!, ...rest.MetricAlarms!].map((metricAlarm) => metricAlarm.AlarmName!);
    expect(all).toHaveLength(9);
    expect(all.every((name) => name.startsWith('staging-'))).toBe(true);
  });

  it('says INSUFFICIENT_DATA for a service scaled to no tasks, which publishes no CPU', async () => {
    await harness.ecs.send(
      new UpdateServiceCommand({ cluster: production, service: 'analytics-service', desiredCount: 0 }),
    );
    harness.sandbox.advance(4 * minute);
    const answer = await cloudWatch.send(new DescribeAlarmsCommand({ StateValue: 'INSUFFICIENT_DATA' }));
    expect(answer.MetricAlarms!.map((metricAlarm) => metricAlarm.AlarmName)).toEqual([
      'analytics-service-cpu-high',
    ]);
    expect(answer.MetricAlarms![0]!.StateReason).toBe('Insufficient Data: 3 datapoints were unknown.');
  });

  it('refuses AlarmNames together with AlarmNamePrefix', async () => {
    const refusal = await cloudWatch
      .send(new DescribeAlarmsCommand({ AlarmNames: [gatewayAlarm], AlarmNamePrefix: 'api' }))
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(InvalidParameterCombinationException);
  });
});

describe('a bad deploy and its rollback', () => {
  it('raises 5XX, p99 and CPU, trips the 5XX alarm, and a rollback returns it to OK with both changes in its history', async () => {
    const before = await gatewayFigures();
    const deployedAt = await runBrokenGatewayForThreeMinutes();

    const during = await gatewayFigures();
    const { Threshold: threshold } = await alarm(gatewayAlarm);
    expect(during.errors.slice(0, 2).every((count) => count > threshold!)).toBe(true);
    expect(Math.min(...during.p99.slice(0, 2))).toBeGreaterThan(2 * Math.max(...before.p99));
    expect(Math.min(...during.cpu.slice(0, 2))).toBeGreaterThan(Math.max(...before.cpu));
    const firing = await cloudWatch.send(new DescribeAlarmsCommand({ StateValue: 'ALARM' }));
    expect(firing.MetricAlarms!.map((metricAlarm) => metricAlarm.AlarmName)).toContain(gatewayAlarm);
    const tripped = await alarm(gatewayAlarm);
    expect(tripped.StateReason).toMatch(/^Threshold Crossed: [23] out of the last 3 datapoints/);
    expect(tripped.StateUpdatedTimestamp!.getTime()).toBeGreaterThan(deployedAt);
    expect(tripped.StateUpdatedTimestamp!.getTime()).toBeLessThanOrEqual(deployedAt + 3 * minute);

    await rollBackGateway();
    harness.sandbox.advance(4 * minute);
    expect((await alarm(gatewayAlarm)).StateValue).toBe('OK');
    const after = await gatewayFigures();
    expect(Math.max(...after.errors)).toBeLessThan(threshold!);

    const history = await cloudWatch.send(new DescribeAlarmHistoryCommand({ AlarmName: gatewayAlarm }));
    expect(history.AlarmHistoryItems!.map((item) => item.HistorySummary)).toEqual([
      'Alarm updated from ALARM to OK',
      'Alarm updated from OK to ALARM',
    ]);
    const [cleared, fired] = history.AlarmHistoryItems!;
    expect(fired).toMatchObject({ AlarmType: 'MetricAlarm', HistoryItemType: 'StateUpdate' });
    expect(fired!.Timestamp).toEqual(tripped.StateUpdatedTimestamp);
    expect(JSON.parse(fired!.HistoryData!)).toMatchObject({
      oldState: { stateValue: 'OK' },
      newState: { stateValue: 'ALARM', stateReasonData: { statistic: 'Sum', period: 60, threshold } },
    });
    expect(cleared!.Timestamp!.getTime()).toBeGreaterThan(fired!.Timestamp!.getTime());

    const sinceRollback = await cloudWatch.send(
      new DescribeAlarmHistoryCommand({
        AlarmName: gatewayAlarm,
        StartDate: new Date(fired!.Timestamp!.getTime() + 1),
      }),
    );
    expect(sinceRollback.AlarmHistoryItems!.map((item) => item.HistorySummary)).toEqual([
      'Alarm updated from ALARM to OK',
    ]);
  });

  it('records both changes as they happen, even when nobody asks until the failed tasks are long gone', async () => {
    const deployedAt = await runBrokenGatewayForThreeMinutes();
    await rollBackGateway();
    harness.sandbox.advance(75 * minute);

    const history = await cloudWatch.send(
      new DescribeAlarmHistoryCommand({ AlarmName: gatewayAlarm, ScanBy: 'TimestampAscending' }),
    );
    expect(history.AlarmHistoryItems!.map((item) => item.HistorySummary)).toEqual([
      'Alarm updated from OK to ALARM',
      'Alarm updated from ALARM to OK',
    ]);
    const [fired, cleared] = history.AlarmHistoryItems!.map((item) => item.Timestamp!.getTime());
    expect(fired).toBeGreaterThan(deployedAt);
    expect(cleared).toBeLessThan(deployedAt + 10 * minute);
  });

  it('a good deploy leaves the 5XX alarm OK and its history empty', async () => {
    await harness.sandbox.runScenario({ kind: 'good-deploy', cluster: production, service: 'api-gateway' });
    harness.sandbox.advance(4 * minute);
    expect((await alarm(gatewayAlarm)).StateValue).toBe('OK');
    const history = await cloudWatch.send(new DescribeAlarmHistoryCommand({ AlarmName: gatewayAlarm }));
    expect(history.AlarmHistoryItems).toEqual([]);
  });
});
