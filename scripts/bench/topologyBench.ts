/**
 * The topology of one environment at each size, as the console draws it: from the fleet's
 * data to the drawing — building the graph, then, above a screenful of boxes, the problem
 * view (the problems, their neighbours, the rest in summary boxes), its layout and the lines
 * drawn — then the cost of a live update, and the text copy's length. The full drawing is
 * timed beside it where it is still affordable. One service is mid bad deploy, so there is
 * a problem to show. Shared code, the same the renderer and `cli topology` run.
 */
import type { FleetSnapshot } from '../../shared/fleet/fleetModel';
import type { LagSnapshot } from '../../shared/kafka/kafkaModel';
import {
  buildTopologyGraph,
  TopologyGraphBuilder,
  type TopologyDataInput,
} from '../../shared/topology/graphFromData';
import {
  prepareTopologyLayout,
  topologyStructureKey,
  type PreparedTopologyLayout,
} from '../../shared/topology/layout';
import { problemViewApplies, ProblemViewMemo } from '../../shared/topology/problemView';
import {
  renderPreparedTopology,
  renderTopology,
  snapshotText,
  type RenderedTopology,
} from '../../shared/topology/render';
import { sandboxTopologySpec } from '../../shared/topology/sandboxTopologySpec';
import type { TopologyGraph } from '../../shared/topology/topologyModel';
import type { BenchOptions } from './benchOptions';
import type { BenchReport, ExpectedFigure } from './benchReport';
import { fleetMonitorFor, lagMonitorFor, untilFleetLoaded, untilLagLoaded } from './consoleMonitors';
import { count } from './resultTable';
import { withSandbox } from './sandboxProcess';

/** What a terminal or an incident channel takes without scrolling for ever. */
const pasteableLines = 200;
/** A layout longer than this is a long task on the page's main thread. */
const layoutGoalMs = 50;
const width = 160;
/** Above this the full drawing is not timed: it is what the problem view is there to avoid. */
const fullDrawingUpTo = 1000;
/** Pause between loading a fleet and timing its drawing. */
const settleMs = 1000;

const figureName = (size: number, groups: number) =>
  `topology at ${count(size)} services${groups > 0 ? ` and ${count(groups)} consumer groups` : ''}`;
const goal = `layout under ${layoutGoalMs} ms, under ${pasteableLines} lines`;

/** Each size without lag data, and the largest again with the headline's consumer groups. */
function topologyCases(options: BenchOptions): { size: number; groups: number }[] {
  const cases = options.topologySizes.map((size) => ({ size, groups: 0 }));
  const largest = Math.max(...options.topologySizes);
  if (options.groups > 0 && Number.isFinite(largest)) cases.push({ size: largest, groups: options.groups });
  return cases;
}

export function topologyExpectedFigures(options: BenchOptions): ExpectedFigure[] {
  return topologyCases(options).map(({ size, groups }) => ({ figure: figureName(size, groups), goal }));
}

export async function benchTopology(options: BenchOptions, report: BenchReport): Promise<void> {
  let warmed = false;
  for (const { size, groups } of topologyCases(options)) {
    try {
      const { fleet: snapshot, lag } = await platformOfOneCluster(size, groups);
      const environment = snapshot.clusters[0]?.environment ?? 'production';
      const input = (fleet: FleetSnapshot): TopologyDataInput => ({
        fleet,
        lag,
        spec: sandboxTopologySpec,
        environment,
      });
      // The first layout also compiles the layout code; that is not the layout's cost.
      if (!warmed) renderTopology(buildTopologyGraph(input(snapshot)), { width });
      warmed = true;
      // Reading the fleet left megabytes of responses for the collector: let it finish first.
      await new Promise((resolve) => setTimeout(resolve, settleMs));

      // From data to the drawing on screen, as a view opening on this fleet does it.
      const cold = medianRun(() => {
        const live = new LiveTopology();
        const graph = timed(() => live.graph(input(snapshot)));
        const view = timed(() => live.view(graph.value));
        const drawn = timed(() => live.draw(view.value));
        return { live, graph, view, drawn, ms: graph.ms + view.ms + drawn.ms };
      });
      // Then one update of the fleet store: one service's counts change, every other
      // service is the same object; and one where every service was read again unchanged
      // (a copy with a new read time), as after a poll of the cluster.
      const { live, graph, view, drawn } = cold;
      let generation = 0;
      const oneChanged = medianRun(() =>
        timed(() => live.update(input(withOneServiceChanged(snapshot, ++generation)))),
      );
      const allReread = medianRun(() =>
        timed(() => live.update(input(withEveryServiceReread(snapshot, ++generation)))),
      );

      const textLines = snapshotText(graph.value, { width: 100 }, snapshot.generatedAt).split('\n').length;
      const full =
        size <= fullDrawingUpTo
          ? (() => {
              const all = timed(() => renderTopology(graph.value, { width }));
              return `all ${count(graph.value.nodes.length)} boxes ${all.ms.toFixed(0)} ms, ${count(all.value.lines.length)} lines`;
            })()
          : `all ${count(graph.value.nodes.length)} boxes only when asked`;
      const shown = problemViewApplies(graph.value) ? 'problem view' : 'full drawing';
      report.add({
        figure: figureName(size, groups),
        measured:
          `data to ${shown} drawn ${cold.ms.toFixed(0)} ms (graph ${graph.ms.toFixed(0)}, view ${view.ms.toFixed(0)}, ` +
          `drawing ${drawn.ms.toFixed(0)}), ${count(drawn.value.lines.length)} lines (${count(view.value.nodes.length)} boxes); ` +
          `an update changing one service ${oneChanged.ms.toFixed(1)} ms, re-reading every service ${allReread.ms.toFixed(1)} ms; ` +
          `text copy ${count(textLines)} lines; ${full}`,
        goal,
        met: cold.ms < layoutGoalMs && textLines < pasteableLines,
      });
    } catch (error) {
      report.skip(
        [{ figure: figureName(size, groups), goal }],
        error instanceof Error ? error.message.split('\n')[0]! : String(error),
      );
    }
  }
}

/**
 * The topology as the renderer keeps it live: one graph builder, one problem-view memo and
 * the layout of the last structure, each update drawn into it when the structure stayed.
 */
class LiveTopology {
  private builder = new TopologyGraphBuilder();
  private views = new ProblemViewMemo();
  private prepared: PreparedTopologyLayout | null = null;

  graph(input: TopologyDataInput): TopologyGraph {
    return this.builder.build(input);
  }

  view(graph: TopologyGraph): TopologyGraph {
    return problemViewApplies(graph) ? this.views.view(graph).graph : graph;
  }

  draw(view: TopologyGraph): RenderedTopology {
    if (this.prepared?.key !== topologyStructureKey(view, { width }))
      this.prepared = prepareTopologyLayout(view, { width });
    return renderPreparedTopology(this.prepared, view);
  }

  update(input: TopologyDataInput): RenderedTopology {
    return this.draw(this.view(this.graph(input)));
  }
}

/** The snapshot again, later, with one service (the same one each time) running a different count. */
function withOneServiceChanged(snapshot: FleetSnapshot, generation: number): FleetSnapshot {
  const middle = Math.floor(snapshot.services.length / 2);
  return {
    ...snapshot,
    services: snapshot.services.map((service, index) =>
      index === middle ? { ...service, runningCount: service.runningCount + generation } : service,
    ),
    generatedAt: snapshot.generatedAt + generation,
  };
}

function withEveryServiceReread(snapshot: FleetSnapshot, generation: number): FleetSnapshot {
  return {
    ...snapshot,
    services: snapshot.services.map((service) => ({
      ...service,
      observedAt: service.observedAt + generation,
    })),
    generatedAt: snapshot.generatedAt + generation,
  };
}

/** The run with the median time of seven: the machine is shared, and one run can land on a busy moment. */
function medianRun<T extends { ms: number }>(run: () => T): T {
  const runs = Array.from({ length: 7 }, run).sort((a, b) => a.ms - b.ms);
  return runs[3]!;
}

/**
 * A fleet of one cluster of this size as the console polls it, with one service mid bad
 * deploy; with `groups`, that many consumer groups as the lag monitor reads them.
 */
async function platformOfOneCluster(
  services: number,
  groups: number,
): Promise<{ fleet: FleetSnapshot; lag: LagSnapshot | null }> {
  return withSandbox(
    {
      seed: 1,
      lively: false,
      fleet: { clusters: 1, servicesPerCluster: services },
      kafka: groups > 0 ? { groups } : { traffic: false },
    },
    async (sandbox) => {
      await sandbox.runScenario({
        kind: 'bad-deploy',
        cluster: 'flarenet-production',
        service: 'payment-service',
        circuitBreaker: 'off',
      });
      const fleet = fleetMonitorFor(sandbox.endpoints);
      const lag = groups > 0 ? lagMonitorFor(sandbox.endpoints) : null;
      try {
        await untilFleetLoaded(fleet.monitor, services);
        if (lag) await untilLagLoaded(lag, groups);
        return { fleet: fleet.monitor.snapshot(), lag: lag?.snapshot() ?? null };
      } finally {
        fleet.close();
        await lag?.stop();
      }
    },
  );
}

function timed<T>(work: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = work();
  return { value, ms: performance.now() - started };
}
