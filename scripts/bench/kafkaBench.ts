/**
 * Kafka: what one steady refresh of the lag monitor costs at each group count, in wall
 * time, in this process's CPU (reading and Burrow's evaluation) and in requests against
 * the floor. The sandbox has one broker, which is every group's coordinator.
 */
import { groupsPerRequest } from '../../electron/core/kafka/kafkaBatchRequests';
import { brokerApis } from '../../electron/sandbox/kafka/brokerApis';
import type { BenchOptions } from './benchOptions';
import type { BenchReport, ExpectedFigure } from './benchReport';
import {
  callsBetween,
  compareWithFloor,
  floorReportText,
  kafkaSteadyFloor,
  offsetFetchBatchVersion,
} from './callFloors';
import { lagMonitorFor, timeRefreshes, untilLagLoaded } from './consoleMonitors';
import { linearity } from './ecsBench';
import { count, median, seconds } from './resultTable';
import { withSandbox } from './sandboxProcess';

const offsetFetchKey = 9;

/** Groups in one OffsetFetch as the console sends them to the sandbox broker: batched where it answers v8. */
export function consoleGroupsPerOffsetFetch(): number {
  return (brokerApis.get(offsetFetchKey)?.maxVersion ?? 0) >= offsetFetchBatchVersion ? groupsPerRequest : 1;
}

export function kafkaExpectedFigures(options: BenchOptions): ExpectedFigure[] {
  return [
    ...options.groupSizes.flatMap((size) => [
      { figure: `Kafka refresh at ${count(size)} groups`, goal: 'grows linearly' },
      { figure: `Kafka requests per refresh at ${count(size)} groups`, goal: 'floor (actual/floor)' },
    ]),
    { figure: 'Kafka cost per group, most vs fewest groups', goal: 'under 1.5× (linear)' },
  ];
}

export async function benchKafka(options: BenchOptions, report: BenchReport): Promise<void> {
  const perGroup: { size: number; cpuMs: number }[] = [];
  for (const groups of options.groupSizes) {
    try {
      await withSandbox({ seed: 1, lively: false, kafka: { groups } }, async (sandbox) => {
        const lag = lagMonitorFor(sandbox.endpoints);
        try {
          await untilLagLoaded(lag, groups);
          const before = (await sandbox.counts()).kafka;
          const costs = await timeRefreshes(() => lag.refresh(), options.refreshes);
          const after = (await sandbox.counts()).kafka;
          const perRefresh = new Map(
            [...callsBetween(before, after)].map(([api, n]) => [api, n / options.refreshes]),
          );
          const floor = kafkaSteadyFloor({
            brokers: 1,
            groups,
            groupsPerOffsetFetch: consoleGroupsPerOffsetFetch(),
          });
          const comparison = compareWithFloor(perRefresh, floor);
          const total = comparison.floored.reduce((sum, c) => sum + c.actual, 0);
          const floorTotal = comparison.floored.reduce((sum, c) => sum + c.floor, 0);
          report.add({
            figure: `Kafka requests per refresh at ${count(groups)} groups`,
            measured: `${count(total)}/${count(floorTotal)} (${(total / floorTotal).toFixed(2)}): ${floorReportText(comparison)}`,
            goal: 'floor (actual/floor)',
            met: comparison.met,
          });
          const cpu = median(costs.map((c) => c.cpuMs));
          perGroup.push({ size: groups, cpuMs: cpu });
          report.add({
            figure: `Kafka refresh at ${count(groups)} groups`,
            measured: `wall ${seconds(median(costs.map((c) => c.wallMs)))}, CPU ${seconds(cpu)} (${((cpu * 1000) / groups).toFixed(0)} µs a group)`,
            goal: 'grows linearly',
            met: null,
          });
        } finally {
          await lag.stop();
        }
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      report.skip(
        kafkaExpectedFigures({ ...options, groupSizes: [groups] })
          .slice(0, 2)
          .filter((expected) => !report.figures.some((figure) => figure.figure === expected.figure)),
        reason,
      );
    }
  }
  report.add(linearity('Kafka cost per group, most vs fewest groups', perGroup, 'µs a group'));
}
