import type { FleetSnapshot, ServiceSummary } from '../shared/fleet/fleetModel';
import { buildTopologyGraph } from '../shared/topology/graphFromData';
import { prepareTopologyLayout } from '../shared/topology/layout';
import { problemView } from '../shared/topology/problemView';
import { renderPreparedTopology, snapshotText } from '../shared/topology/render';
import { sandboxTopologySpec } from '../shared/topology/sandboxTopologySpec';

/**
 * The topology's cost at 100, 1,000 and 10,000 services in one environment: building the
 * graph, the problem view, its layout and the lines drawn, the text copy's length, and for
 * comparison the full drawing where it is still affordable. One service is degraded, so the
 * problem view has a neighbourhood to draw.
 */

const sizes = [100, 1000, 10_000];
/** Above this the full drawing is not timed: it is what the problem view is there to avoid. */
const fullDrawingUpTo = 1000;
const width = 160;

function timed<T>(work: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = work();
  return { value, ms: performance.now() - started };
}

/** `count` services in one environment, copied from the fleet's and numbered as the sandbox numbers them. */
function scaledFleet(fleet: FleetSnapshot, count: number): FleetSnapshot {
  const byName = new Map<string, ServiceSummary>();
  for (const service of fleet.services)
    if (!byName.has(service.serviceName)) byName.set(service.serviceName, service);
  const originals = [...byName.values()];
  const services = Array.from({ length: count }, (_, index): ServiceSummary => {
    const original = originals[index % originals.length]!;
    const copy = Math.floor(index / originals.length);
    const serviceName = copy === 0 ? original.serviceName : `${original.serviceName}-x${copy + 1}`;
    const degraded = serviceName === 'payment-service';
    return {
      ...original,
      key: `bench|${serviceName}`,
      environment: 'bench',
      clusterName: 'flarenet-bench',
      serviceName,
      health: degraded ? 'degraded' : 'healthy',
    };
  });
  return { clusters: [], services, generatedAt: fleet.generatedAt };
}

export function topologyFigures(fleet: FleetSnapshot): string[] {
  if (fleet.services.length === 0) return ['topology: no services to measure'];
  return sizes.map((count) => {
    const scaled = scaledFleet(fleet, count);
    const graph = timed(() =>
      buildTopologyGraph({ fleet: scaled, lag: null, spec: sandboxTopologySpec, environment: 'bench' }),
    );
    const view = timed(() => problemView(graph.value));
    const layout = timed(() => prepareTopologyLayout(view.value.graph, { width }));
    const drawn = timed(() => renderPreparedTopology(layout.value, view.value.graph));
    const text = snapshotText(graph.value, { width: 100 }, scaled.generatedAt).split('\n').length;
    const full =
      count <= fullDrawingUpTo
        ? (() => {
            const all = timed(() =>
              renderPreparedTopology(prepareTopologyLayout(graph.value, { width }), graph.value),
            );
            return `; all ${graph.value.nodes.length} boxes: ${all.ms.toFixed(0)} ms, ${all.value.lines.length} lines`;
          })()
        : `; all ${graph.value.nodes.length} boxes: not drawn unless asked`;
    return (
      `topology at ${count} services: graph ${graph.ms.toFixed(0)} ms, problem view ${view.ms.toFixed(1)} ms ` +
      `(${view.value.graph.nodes.length} boxes), layout ${layout.ms.toFixed(0)} ms + draw ${drawn.ms.toFixed(0)} ms, ` +
      `${drawn.value.lines.length} lines at ${width} columns; text copy ${text} lines (goal < 200)${full}`
    );
  });
}
