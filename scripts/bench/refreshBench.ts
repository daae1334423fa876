/**
 * The running console at the headline size: both monitors on their own schedules, as the
 * console host runs them, watched for a while. Calls per refresh against the floor, API by
 * API; this process's CPU per 5 s of refreshing (ECS, Kafka and Burrow's evaluation); and
 * the interval each monitor actually achieved, which the header must show.
 */
import type { BenchOptions } from './benchOptions';
import type { BenchReport, ExpectedFigure } from './benchReport';
import {
  callsBetween,
  compareWithFloor,
  comparisonText,
  ecsSteadyFloor,
  kafkaSteadyFloor,
  listServicesFloorPerRefresh,
} from './callFloors';
import {
  cpuMs,
  fleetMonitorFor,
  lagMonitorFor,
  timeRefreshes,
  untilFleetLoaded,
  untilLagLoaded,
} from './consoleMonitors';
import { fleetShape, type FleetShape } from './ecsBench';
import { consoleGroupsPerOffsetFetch } from './kafkaBench';
import { count, median, seconds } from './resultTable';
import { type CallCounts, withSandbox } from './sandboxProcess';

/** The console's default refresh interval, for fleet and lag alike. */
const intervalMs = 5000;
const ecsApis = ['DescribeServices', 'ListServices', 'DescribeTaskDefinition'];
const kafkaApis = ['ListOffsets', 'OffsetFetch', 'FindCoordinator', 'DescribeGroups', 'ListGroups'];

function headline(options: BenchOptions): string {
  return `${count(options.services)} services + ${count(options.groups)} groups`;
}

export function refreshExpectedFigures(options: BenchOptions): ExpectedFigure[] {
  return [
    ...ecsApis.map((api) => ({ figure: `ECS ${api} per steady refresh`, goal: 'floor (1.00)' })),
    ...kafkaApis.map((api) => ({ figure: `Kafka ${api} per steady refresh`, goal: 'floor (1.00)' })),
    { figure: `one full refresh, ${headline(options)}`, goal: `wall and CPU under ${seconds(intervalMs)}` },
    { figure: `console CPU per 5 s refresh, ${headline(options)}`, goal: 'under 1 s' },
    { figure: 'fleet refresh interval achieved', goal: `${seconds(intervalMs)} (within 10 %)` },
    { figure: 'lag refresh interval achieved', goal: `${seconds(intervalMs)} (within 10 %)` },
  ];
}

/** A minute covers one membership check of the fleet; a quick run watches less. */
function windowMs(options: BenchOptions): number {
  return options.quick ? 15_000 : Math.max(60_000, options.refreshes * intervalMs);
}

export async function benchRunningConsole(options: BenchOptions, report: BenchReport): Promise<void> {
  const shape = fleetShape(options.services, options.clusters);
  const services = shape.clusters * shape.servicesPerCluster;
  await withSandbox(
    { seed: 1, lively: false, fleet: shape, kafka: { groups: options.groups } },
    async (sandbox) => {
      const fleet = fleetMonitorFor(sandbox.endpoints);
      const lag = lagMonitorFor(sandbox.endpoints);
      try {
        const loading = performance.now();
        await Promise.all([untilFleetLoaded(fleet.monitor, services), untilLagLoaded(lag, options.groups)]);
        report.note(`both monitors loaded in ${seconds(performance.now() - loading)}`);

        // Calls per refresh from whole refreshes of both, one after the other: exact, where a
        // window of the running console would cut refreshes at its edges.
        const beforeRefreshes = await sandbox.counts();
        const costs = await timeRefreshes(
          () => Promise.all([fleet.monitor.refresh({ full: false }), lag.refresh()]).then(() => undefined),
          options.refreshes,
        );
        const afterRefreshes = await sandbox.counts();
        reportCalls(report, options, shape, beforeRefreshes, afterRefreshes);
        const refreshCpu = median(costs.map((cost) => cost.cpuMs));
        const refreshWall = median(costs.map((cost) => cost.wallMs));
        report.add({
          figure: `one full refresh, ${headline(options)}`,
          measured: `wall ${seconds(refreshWall)}, CPU ${seconds(refreshCpu)} (median of ${options.refreshes})`,
          goal: `wall and CPU under ${seconds(intervalMs)}`,
          met: refreshWall < intervalMs && refreshCpu < intervalMs,
        });

        const fleetPolls = new Map<string, number[]>();
        const lagRefreshes: number[] = [];
        const stopCounting = [
          fleet.monitor.onPoll((status) =>
            fleetPolls.set(status.clusterName, [
              ...(fleetPolls.get(status.clusterName) ?? []),
              performance.now(),
            ]),
          ),
          lag.onRefresh(() => lagRefreshes.push(performance.now())),
        ];
        fleet.monitor.start();
        lag.start();
        // The first scheduled refreshes run at once, right after loading; the window starts after them.
        await Promise.all([fleet.monitor.nextPoll(), lag.nextRefresh()]);

        const before = await sandbox.counts();
        const cpuBefore = cpuMs();
        const started = performance.now();
        await new Promise((resolve) => setTimeout(resolve, windowMs(options)));
        const elapsedMs = performance.now() - started;
        const cpu = cpuMs() - cpuBefore;
        const after = await sandbox.counts();
        for (const stop of stopCounting) stop();

        const clusterNames = fleet.monitor.snapshot().clusters.map((cluster) => cluster.clusterName);
        const fleetInterval = median(clusterNames.map((name) => medianGap(fleetPolls.get(name) ?? [])));
        const lagInterval = medianGap(lagRefreshes);
        const cpuPerInterval = (cpu * intervalMs) / elapsedMs;
        report.add({
          figure: `console CPU per 5 s refresh, ${headline(options)}`,
          measured: `${seconds(cpuPerInterval)} (${seconds(cpu)} over ${seconds(elapsedMs)}; the sandbox, in its own process, used ${seconds((after.sandboxCpuMicros - before.sandboxCpuMicros) / 1000)})`,
          goal: 'under 1 s',
          met: cpuPerInterval < 1000,
        });
        report.add(
          achieved(
            'fleet refresh interval achieved',
            fleetInterval,
            `median over ${shape.clusters} clusters`,
          ),
        );
        report.add(achieved('lag refresh interval achieved', lagInterval, `${count(options.groups)} groups`));
      } finally {
        fleet.close();
        await lag.stop();
      }
    },
  );
}

function reportCalls(
  report: BenchReport,
  options: BenchOptions,
  shape: FleetShape,
  before: CallCounts,
  after: CallCounts,
): void {
  const perCluster = Array<number>(shape.clusters).fill(shape.servicesPerCluster);
  const ecs = compareWithFloor(
    perRefresh(callsBetween(before.ecs, after.ecs), options.refreshes),
    new Map([
      ...ecsSteadyFloor(perCluster),
      ['ListServices', listServicesFloorPerRefresh(perCluster, intervalMs)],
    ]),
  );
  for (const api of ecsApis) {
    const comparison = ecs.floored.find((c) => c.api === api)!;
    report.add({
      figure: `ECS ${api} per steady refresh`,
      measured: comparisonText(comparison),
      goal: 'floor (1.00)',
      met: comparison.met,
    });
  }
  if (ecs.other.size > 0) report.note(`other ECS calls per refresh: ${otherCalls(ecs.other)}`);
  const kafka = compareWithFloor(
    perRefresh(callsBetween(before.kafka, after.kafka), options.refreshes),
    kafkaSteadyFloor({
      brokers: 1,
      groups: options.groups,
      groupsPerOffsetFetch: consoleGroupsPerOffsetFetch(),
    }),
  );
  for (const comparison of kafka.floored) {
    report.add({
      figure: `Kafka ${comparison.api} per steady refresh`,
      measured: comparisonText(comparison),
      goal: 'floor (1.00)',
      met: comparison.met,
    });
  }
  if (kafka.other.size > 0) report.note(`other Kafka requests per refresh: ${otherCalls(kafka.other)}`);
}

function otherCalls(calls: ReadonlyMap<string, number>): string {
  return [...calls].map(([api, n]) => `${api} ${n.toFixed(1)}`).join(', ');
}

function perRefresh(calls: ReadonlyMap<string, number>, refreshes: number): Map<string, number> {
  if (!Number.isFinite(refreshes) || refreshes === 0)
    throw new Error('fewer than two refreshes finished within the window');
  return new Map([...calls].map(([api, n]) => [api, n / refreshes]));
}

/** The median time between one refresh and the next; NaN with fewer than two. */
function medianGap(times: readonly number[]): number {
  return median(times.slice(1).map((time, index) => time - times[index]!));
}

function achieved(figure: string, intervalAchievedMs: number, what: string) {
  const goal = `${seconds(intervalMs)} (within 10 %)`;
  if (!Number.isFinite(intervalAchievedMs))
    return { figure, measured: `fewer than two refreshes in the window (${what})`, goal, met: false };
  return {
    figure,
    measured: `${seconds(intervalAchievedMs)} (${what})`,
    goal,
    met: intervalAchievedMs <= intervalMs * 1.1,
  };
}
