/**
 * The sandbox's CloudWatch at the bench's fleet size: what GetMetricData costs for six
 * metrics of every service over twelve one-minute periods (in this process, so the figure
 * is the sandbox's computing alone), and what evaluating every alarm costs each simulated
 * minute, which the sandbox does on its timer.
 */
import type { Dimension, MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { AlarmBook } from '../../electron/sandbox/cloudwatch/alarmBook';
import { FleetMetricIndex, type FleetService } from '../../electron/sandbox/cloudwatch/fleetMetrics';
import { getMetricData, maxQueriesPerCall } from '../../electron/sandbox/cloudwatch/getMetricData';
import { ManualClock, startSandbox } from '../../electron/sandbox/sandbox';
import type { BenchOptions } from './benchOptions';
import type { BenchReport, ExpectedFigure } from './benchReport';
import { benchMetrics, metricsExpectedFigures } from './metricsBench';
import { count, median } from './resultTable';

const minute = 60_000;
const periods = 12;
const rounds = 9;
/** "A few ms" for a thousand services' metrics. */
const goalMsPerThousandServices = 10;
/** The sandbox's timer ticks every 200 ms; a minute's alarm evaluation should fit well inside one tick. */
const tickMs = 200;

export function cloudWatchExpectedFigures(options: BenchOptions): ExpectedFigure[] {
  return [
    {
      figure: `Sandbox GetMetricData, ${count(options.services)} services × 6 metrics × ${periods} periods`,
      goal: `under ${goalMsPerThousandServices} ms per 1,000 services`,
    },
    {
      figure: `Sandbox alarm evaluation at ${count(options.services)} services`,
      goal: `under one ${tickMs} ms tick a simulated minute`,
    },
    ...metricsExpectedFigures(options),
  ];
}

export async function benchCloudWatch(options: BenchOptions, report: BenchReport): Promise<void> {
  const [metricsFigure, alarmsFigure] = cloudWatchExpectedFigures(options);
  const clock = new ManualClock();
  const sandbox = await startSandbox({
    clock,
    seed: 1,
    lively: false,
    kafka: { traffic: false },
    fleet: { clusters: options.clusters, servicesPerCluster: Math.ceil(options.services / options.clusters) },
  });
  try {
    sandbox.advance(periods * minute);
    const now = clock.now();
    const index = new FleetMetricIndex(sandbox.simulation, sandbox.seed);
    const queries = index.all().flatMap(sixMetricsOf);
    const calls: MetricDataQuery[][] = [];
    for (let at = 0; at < queries.length; at += maxQueriesPerCall)
      calls.push(queries.slice(at, at + maxQueriesPerCall));
    let datapoints = 0;
    const times: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const started = performance.now();
      datapoints = 0;
      for (const call of calls) {
        const answer = getMetricData(
          index,
          { StartTime: (now - periods * minute) / 1000, EndTime: now / 1000, MetricDataQueries: call },
          now,
        ) as { MetricDataResults: Array<{ Values: number[] }> };
        for (const result of answer.MetricDataResults) datapoints += result.Values.length;
      }
      times.push(performance.now() - started);
    }
    const metricsMs = median(times);
    const perThousand = metricsMs / (index.all().length / 1000);
    report.add({
      figure: metricsFigure!.figure,
      measured: `${metricsMs.toFixed(1)} ms (median of ${rounds}) for ${count(calls.length)} calls, ${count(queries.length)} queries, ${count(datapoints)} datapoints: ${perThousand.toFixed(1)} ms per 1,000 services`,
      goal: metricsFigure!.goal,
      met: perThousand < goalMsPerThousandServices,
    });

    const book = new AlarmBook(index);
    const alarmCount = book.alarms(now).length;
    const minuteTimes: number[] = [];
    for (let step = 1; step <= rounds; step++) {
      const started = performance.now();
      book.alarms(now + step * minute);
      minuteTimes.push(performance.now() - started);
    }
    const alarmMs = median(minuteTimes);
    report.add({
      figure: alarmsFigure!.figure,
      measured: `${alarmMs.toFixed(1)} ms a simulated minute for ${count(alarmCount)} alarms`,
      goal: alarmsFigure!.goal,
      met: alarmMs < tickMs,
    });
  } finally {
    await sandbox.close();
  }
  await benchMetrics(options, report);
}

/** What the console asks of a service: CPU and memory, and its target group's traffic where it has one. */
function sixMetricsOf(entry: FleetService, position: number): MetricDataQuery[] {
  const ecs: Dimension[] = [
    { Name: 'ClusterName', Value: entry.service.clusterName },
    { Name: 'ServiceName', Value: entry.service.name },
  ];
  const id = `s${position}`;
  const stat = (
    suffix: string,
    namespace: string,
    name: string,
    dimensions: Dimension[],
    statistic: string,
  ) => ({
    Id: `${id}_${suffix}`,
    MetricStat: {
      Metric: { Namespace: namespace, MetricName: name, Dimensions: dimensions },
      Period: 60,
      Stat: statistic,
    },
  });
  const elb = entry.elbDimensions;
  return [
    stat('cpu', 'AWS/ECS', 'CPUUtilization', ecs, 'Average'),
    stat('memory', 'AWS/ECS', 'MemoryUtilization', ecs, 'Average'),
    ...(elb
      ? [
          stat('requests', 'AWS/ApplicationELB', 'RequestCount', elb, 'Sum'),
          stat('errors', 'AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count', elb, 'Sum'),
          stat('p99', 'AWS/ApplicationELB', 'TargetResponseTime', elb, 'p99'),
          stat('healthy', 'AWS/ApplicationELB', 'HealthyHostCount', elb, 'Average'),
        ]
      : [
          // Services outside the load balancer have no target group: their peaks stand in.
          stat('cpumax', 'AWS/ECS', 'CPUUtilization', ecs, 'Maximum'),
          stat('cpumin', 'AWS/ECS', 'CPUUtilization', ecs, 'Minimum'),
          stat('memorymax', 'AWS/ECS', 'MemoryUtilization', ecs, 'Maximum'),
          stat('memorymin', 'AWS/ECS', 'MemoryUtilization', ecs, 'Minimum'),
        ]),
  ];
}
