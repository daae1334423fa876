/**
 * ECS: what one steady refresh of the fleet monitor costs at each fleet size, in wall
 * time, in this process's CPU and in calls against the floor, and what starting costs in
 * calls (every cluster listed once, every distinct task definition described once). Each
 * cluster is its own environment, as in a console over many accounts.
 */
import type { BenchOptions } from './benchOptions';
import type { BenchReport, ExpectedFigure } from './benchReport';
import {
  callsBetween,
  compareWithFloor,
  ecsStartFloor,
  ecsSteadyFloor,
  floorReportText,
  listServicesFloorPerRefresh,
} from './callFloors';
import { fleetMonitorPerCluster, timeRefreshes, untilFleetLoaded } from './consoleMonitors';
import { count, median, seconds } from './resultTable';
import { withSandbox } from './sandboxProcess';

export interface FleetShape {
  clusters: number;
  servicesPerCluster: number;
}

/** The sandbox builds clusters of equal size: the services are spread over at most `clusters` of them. */
export function fleetShape(services: number, clusters: number): FleetShape {
  const used = Math.max(1, Math.min(clusters, services));
  return { clusters: used, servicesPerCluster: Math.max(1, Math.round(services / used)) };
}

const cpuGoal = 'grows linearly';
/** The console's default poll interval, over which a minute's membership check is spread. */
const refreshIntervalMs = 5000;

export function ecsExpectedFigures(options: BenchOptions): ExpectedFigure[] {
  return [
    ...options.serviceSizes.flatMap((size) => [
      { figure: `ECS refresh at ${count(size)} services`, goal: cpuGoal },
      { figure: `ECS calls per refresh at ${count(size)} services`, goal: 'floor (actual/floor)' },
      { figure: `ECS calls at start, ${count(size)} services`, goal: 'floor (actual/floor)' },
    ]),
    { figure: 'ECS cost per service, largest vs smallest fleet', goal: 'under 1.5× (linear)' },
  ];
}

export async function benchEcs(options: BenchOptions, report: BenchReport): Promise<void> {
  const perService: { size: number; cpuMs: number }[] = [];
  for (const size of options.serviceSizes) {
    const shape = fleetShape(size, options.clusters);
    const services = shape.clusters * shape.servicesPerCluster;
    try {
      await withSandbox(
        { seed: 1, lively: false, fleet: shape, kafka: { traffic: false } },
        async (sandbox) => {
          const fleet = await fleetMonitorPerCluster(sandbox.endpoints);
          try {
            const beforeStart = (await sandbox.counts()).ecs;
            await untilFleetLoaded(fleet.monitor, services);
            const afterStart = (await sandbox.counts()).ecs;
            const snapshot = fleet.monitor.snapshot();
            const revisions = new Set(snapshot.services.map((service) => service.taskDefinitionArn)).size;
            const perCluster = Array<number>(shape.clusters).fill(shape.servicesPerCluster);
            const start = compareWithFloor(
              callsBetween(beforeStart, afterStart),
              ecsStartFloor(perCluster, revisions),
            );
            report.add({
              figure: `ECS calls at start, ${count(size)} services`,
              measured: floorReportText(start),
              goal: 'floor (actual/floor)',
              met: start.met,
            });

            const costs = await timeRefreshes(
              () => fleet.monitor.refresh({ full: false }),
              options.refreshes,
            );
            const afterSteady = (await sandbox.counts()).ecs;
            const perRefresh = new Map(
              [...callsBetween(afterStart, afterSteady)].map(([api, n]) => [api, n / options.refreshes]),
            );
            const floor = new Map([
              ...ecsSteadyFloor(perCluster),
              ['ListServices', listServicesFloorPerRefresh(perCluster, refreshIntervalMs)],
            ]);
            const steady = compareWithFloor(perRefresh, floor);
            report.add({
              figure: `ECS calls per refresh at ${count(size)} services`,
              measured: floorReportText(steady),
              goal: 'floor (actual/floor)',
              met: steady.met,
            });
            const cpu = median(costs.map((c) => c.cpuMs));
            perService.push({ size: services, cpuMs: cpu });
            report.add({
              figure: `ECS refresh at ${count(size)} services`,
              measured: `wall ${seconds(median(costs.map((c) => c.wallMs)))}, CPU ${seconds(cpu)} (${((cpu * 1000) / services).toFixed(0)} µs a service; ${shape.clusters} × ${count(shape.servicesPerCluster)})`,
              goal: cpuGoal,
              met: null,
            });
          } finally {
            fleet.close();
          }
        },
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      report.skip(
        ecsExpectedFigures({ ...options, serviceSizes: [size] })
          .slice(0, 3)
          .filter((expected) => !report.figures.some((figure) => figure.figure === expected.figure)),
        reason,
      );
    }
  }
  report.add(linearity('ECS cost per service, largest vs smallest fleet', perService, 'µs a service'));
}

/** Per-item CPU at the largest size over that at the smallest: 1.0 is perfectly linear. */
export function linearity(
  figure: string,
  costs: readonly { size: number; cpuMs: number }[],
  unit: string,
): { figure: string; measured: string; goal: string; met: boolean | null } {
  const goal = 'under 1.5× (linear)';
  const sorted = [...costs].filter((c) => c.size > 0).sort((a, b) => a.size - b.size);
  if (sorted.length < 2)
    return { figure, measured: 'not measured — fewer than two sizes were measured', goal, met: null };
  const per = (c: { size: number; cpuMs: number }) => (c.cpuMs * 1000) / c.size;
  const ratio = per(sorted.at(-1)!) / per(sorted[0]!);
  return {
    figure,
    measured: `${ratio.toFixed(2)}× (${sorted.map((c) => `${count(c.size)}: ${per(c).toFixed(0)}`).join(', ')} ${unit})`,
    goal,
    met: ratio < 1.5,
  };
}
