/**
 * The topology of one environment at each size: how long building the graph and laying it
 * out take (shared code, the same the renderer and `cli topology` run) and how many lines
 * the drawing has, for the full view and for the view that folds healthy services. One
 * service is mid bad deploy, so there is a problem to show.
 */
import type { FleetSnapshot } from '../../shared/fleet/fleetModel';
import { buildTopologyGraph } from '../../shared/topology/graphFromData';
import { renderTopology } from '../../shared/topology/render';
import { sandboxTopologySpec } from '../../shared/topology/sandboxTopologySpec';
import type { BenchOptions } from './benchOptions';
import type { BenchReport, ExpectedFigure } from './benchReport';
import { fleetMonitorFor, untilFleetLoaded } from './consoleMonitors';
import { count } from './resultTable';
import { withSandbox } from './sandboxProcess';

/** What a terminal or an incident channel takes without scrolling for ever. */
const pasteableLines = 200;
/** A layout longer than this is a long task on the page's main thread. */
const layoutGoalMs = 50;
const width = 160;

const figureName = (size: number) => `topology at ${count(size)} services`;
const goal = `layout under ${layoutGoalMs} ms, under ${pasteableLines} lines`;

export function topologyExpectedFigures(options: BenchOptions): ExpectedFigure[] {
  return options.topologySizes.map((size) => ({ figure: figureName(size), goal }));
}

export async function benchTopology(options: BenchOptions, report: BenchReport): Promise<void> {
  let warmed = false;
  for (const size of options.topologySizes) {
    try {
      const snapshot = await fleetOfOneCluster(size);
      const environment = snapshot.clusters[0]?.environment ?? 'staging';
      const built = timed(() =>
        buildTopologyGraph({ fleet: snapshot, lag: null, spec: sandboxTopologySpec, environment }),
      );
      // The first layout also compiles the layout code; that is not the layout's cost.
      if (!warmed) renderTopology(built.value, { width });
      warmed = true;
      const full = timed(() => renderTopology(built.value, { width }));
      const folded = timed(() => renderTopology(built.value, { width, collapseHealthy: true }));
      const boxes = built.value.nodes.length;
      report.add({
        figure: figureName(size),
        measured: `graph ${built.ms.toFixed(0)} ms; layout ${full.ms.toFixed(0)} ms, ${count(full.value.lines.length)} lines (${count(boxes)} nodes); healthy folded ${folded.ms.toFixed(0)} ms, ${count(folded.value.lines.length)} lines`,
        goal,
        met: full.ms < layoutGoalMs && full.value.lines.length < pasteableLines,
      });
    } catch (error) {
      report.skip(
        [{ figure: figureName(size), goal }],
        error instanceof Error ? error.message.split('\n')[0]! : String(error),
      );
    }
  }
}

/** A fleet of one cluster of this size as the console polls it, with one service mid bad deploy. */
async function fleetOfOneCluster(services: number): Promise<FleetSnapshot> {
  return withSandbox(
    {
      seed: 1,
      lively: false,
      fleet: { clusters: 1, servicesPerCluster: services },
      kafka: { traffic: false },
    },
    async (sandbox) => {
      await sandbox.runScenario({
        kind: 'bad-deploy',
        cluster: 'flarenet-staging',
        service: 'payment-service',
        circuitBreaker: 'off',
      });
      const fleet = fleetMonitorFor(sandbox.endpoints);
      try {
        await untilFleetLoaded(fleet.monitor, services);
        return fleet.monitor.snapshot();
      } finally {
        fleet.close();
      }
    },
  );
}

function timed<T>(work: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = work();
  return { value, ms: performance.now() - started };
}
