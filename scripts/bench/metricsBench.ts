/**
 * The console's metrics monitor at 1,000 services, against a sandbox in its own process:
 * the CloudWatch calls one steady refresh makes, counted by the sandbox, beside their floor
 * (GetMetricData at 500 queries a call), and what a refresh costs this process.
 */
import { performance } from 'node:perf_hooks';
import { buildOverview } from '../../shared/overview/overviewFromData';
import type { BenchOptions } from './benchOptions';
import type { BenchReport, ExpectedFigure } from './benchReport';
import { callsBetween, compareWithFloor, floorReportText, metricsRefreshFloor } from './callFloors';
import { fleetMonitorFor, metricsMonitorFor, timeRefreshes, untilFleetLoaded } from './consoleMonitors';
import { fleetShape } from './ecsBench';
import { byteSize, count, median, seconds } from './resultTable';
import { withSandbox } from './sandboxProcess';

/** The size for the metrics figures; a quick run takes its smaller fleet. */
const headlineServices = 1000;

function metricsServices(options: BenchOptions): number {
  return Math.min(headlineServices, options.services);
}

export function metricsExpectedFigures(options: BenchOptions): ExpectedFigure[] {
  const size = count(metricsServices(options));
  return [
    { figure: `Metrics calls per refresh at ${size} services`, goal: 'floor (actual/floor)' },
    { figure: `Metrics refresh at ${size} services`, goal: 'about once a minute' },
    { figure: `Overview at ${size} services`, goal: 'under 50 ms a build; under 20 KB an update' },
  ];
}

export async function benchMetrics(options: BenchOptions, report: BenchReport): Promise<void> {
  const [callsFigure, refreshFigure, overviewFigure] = metricsExpectedFigures(options);
  const shape = fleetShape(metricsServices(options), options.clusters);
  const services = shape.clusters * shape.servicesPerCluster;
  await withSandbox({ seed: 1, lively: false, fleet: shape, kafka: { traffic: false } }, async (sandbox) => {
    const fleet = fleetMonitorFor(sandbox.endpoints);
    const metrics = metricsMonitorFor(sandbox.endpoints, fleet.monitor);
    try {
      await untilFleetLoaded(fleet.monitor, services);
      // The first read takes the hour; the refreshes measured take the last minutes.
      await metrics.monitor.refresh();
      const before = (await sandbox.counts()).cloudWatch;
      const costs = await timeRefreshes(() => metrics.monitor.refresh(), options.refreshes);
      const after = (await sandbox.counts()).cloudWatch;
      const snapshot = metrics.monitor.snapshot();
      const failed = snapshot.environments.find((environment) => environment.state !== 'ok');
      if (failed) throw new Error(`${failed.environment}: ${failed.error?.message ?? 'not read'}`);
      const loadBalanced = snapshot.services.filter((service) => service.loadBalanced).length;
      const perRefresh = new Map(
        [...callsBetween(before, after)].map(([api, n]) => [api, n / options.refreshes]),
      );
      const comparison = compareWithFloor(
        perRefresh,
        metricsRefreshFloor(snapshot.services.length, loadBalanced),
      );
      report.add({
        figure: callsFigure!.figure,
        measured: `${floorReportText(comparison)} (${count(snapshot.services.length)} services, ${count(loadBalanced)} behind a load balancer)`,
        goal: callsFigure!.goal,
        met: comparison.met,
      });
      report.add({
        figure: refreshFigure!.figure,
        measured: `wall ${seconds(median(costs.map((c) => c.wallMs)))}, CPU ${seconds(median(costs.map((c) => c.cpuMs)))} (median of ${options.refreshes}); polled every ${seconds(snapshot.environments[0]!.pollIntervalMs)}`,
        goal: refreshFigure!.goal,
        met: null,
      });
      // Main builds the Overview again at each fleet or metrics change, and sends it whole.
      const fleetSnapshot = fleet.monitor.snapshot();
      const builds = Array.from({ length: 20 }, () => {
        const startedAt = performance.now();
        buildOverview(fleetSnapshot, snapshot);
        return performance.now() - startedAt;
      });
      const buildMs = median(builds);
      const updateBytes = Buffer.byteLength(JSON.stringify(buildOverview(fleetSnapshot, snapshot)));
      report.add({
        figure: overviewFigure!.figure,
        measured: `build ${buildMs.toFixed(1)} ms (median of ${builds.length}), update ${byteSize(updateBytes)}`,
        goal: overviewFigure!.goal,
        met: buildMs < 50 && updateBytes < 20 * 1024,
      });
    } finally {
      metrics.close();
      fleet.close();
    }
  });
}
