/**
 * The topology of one environment at each size, as the console draws it: building the graph,
 * then, above a screenful of boxes, the problem view (the problems, their neighbours, the
 * rest in summary boxes), its layout and the lines drawn, and the text copy's length. The
 * full drawing is timed beside it where it is still affordable. One service is mid bad
 * deploy, so there is a problem to show. Shared code, the same the renderer and
 * `cli topology` run.
 */
import type { FleetSnapshot } from '../../shared/fleet/fleetModel';
import { buildTopologyGraph } from '../../shared/topology/graphFromData';
import { prepareTopologyLayout } from '../../shared/topology/layout';
import { problemView, problemViewApplies } from '../../shared/topology/problemView';
import { renderPreparedTopology, renderTopology, snapshotText } from '../../shared/topology/render';
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
/** Above this the full drawing is not timed: it is what the problem view is there to avoid. */
const fullDrawingUpTo = 1000;

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
      const environment = snapshot.clusters[0]?.environment ?? 'production';
      const built = timed(() =>
        buildTopologyGraph({ fleet: snapshot, lag: null, spec: sandboxTopologySpec, environment }),
      );
      // The first layout also compiles the layout code; that is not the layout's cost.
      if (!warmed) renderTopology(built.value, { width });
      warmed = true;
      const graph = built.value;
      const view = timed(() => (problemViewApplies(graph) ? problemView(graph).graph : graph));
      const drawn = timed(() =>
        renderPreparedTopology(prepareTopologyLayout(view.value, { width }), view.value),
      );
      const textLines = snapshotText(graph, { width: 100 }, snapshot.generatedAt).split('\n').length;
      const full =
        size <= fullDrawingUpTo
          ? (() => {
              const all = timed(() => renderTopology(graph, { width }));
              return `all ${count(graph.nodes.length)} boxes ${all.ms.toFixed(0)} ms, ${count(all.value.lines.length)} lines`;
            })()
          : `all ${count(graph.nodes.length)} boxes only when asked`;
      const shown = problemViewApplies(graph) ? 'problem view' : 'full drawing';
      report.add({
        figure: figureName(size),
        measured: `graph ${built.ms.toFixed(0)} ms; ${shown} ${(view.ms + drawn.ms).toFixed(0)} ms, ${count(drawn.value.lines.length)} lines (${count(view.value.nodes.length)} boxes); text copy ${count(textLines)} lines; ${full}`,
        goal,
        met: view.ms + drawn.ms < layoutGoalMs && textLines < pasteableLines,
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
        cluster: 'flarenet-production',
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
