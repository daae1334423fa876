/**
 * `npm run bench`: the renderer bundle's size after `vite build`, then figures for the fleet
 * monitor at scale, against the sandbox over HTTP through the real SDK. It prints numbers;
 * it asserts nothing.
 *
 *   npm run bench -- [--clusters 10] [--services 200] [--polls 5] [--bundle-only]
 */
import { parseArgs } from 'node:util';
import { applyFleetDelta, diffFleet } from '../shared/fleet/fleetDelta';
import { buildTopologyGraph } from '../shared/topology/graphFromData';
import { renderTopology } from '../shared/topology/render';
import { sandboxTopologySpec } from '../shared/topology/sandboxTopologySpec';
import type { FleetEvent } from '../shared/fleet/fleetModel';
import { configFromCommandLine } from '../electron/core/config/consoleConfig';
import { EcsClientFactory } from '../electron/core/fleet/ecsClients';
import { FleetMonitor } from '../electron/core/fleet/fleetMonitor';
import { fleetTargetsFromConfig } from '../electron/core/fleet/fleetTargets';
import { startSandbox } from '../electron/sandbox/sandbox';
import { describeRendererBundle, measureRendererBundle } from './rendererBundle';
import { topologyFigures } from './topologyBench';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { values } = parseArgs({
  options: {
    clusters: { type: 'string', default: '10' },
    services: { type: 'string', default: '200' },
    polls: { type: 'string', default: '5' },
    'bundle-only': { type: 'boolean', default: false },
  },
});
const clusters = Number(values.clusters);
const servicesPerCluster = Number(values.services);
const polls = Number(values.polls);

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function time<T>(work: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = work();
  return { value, ms: performance.now() - started };
}

for (const line of describeRendererBundle(await measureRendererBundle())) console.log(line);
if (values['bundle-only']) process.exit(0);

const sandbox = await startSandbox({ ecsPort: 0, seed: 1, lively: false });
const built = time(() => sandbox.simulation.rebuildFleet({ clusters, servicesPerCluster }));
console.log(
  `sandbox fleet: ${clusters} clusters × ${servicesPerCluster} services built in ${built.ms.toFixed(0)} ms`,
);

const clients = new EcsClientFactory();
const config = configFromCommandLine({ ecsEndpoint: sandbox.ecsEndpoint });
const monitor = new FleetMonitor({ targets: fleetTargetsFromConfig(config, clients), now: Date.now });

const heapBefore = process.memoryUsage().heapUsed;
let started = performance.now();
await monitor.refresh(); // discovers the clusters
await monitor.refresh();
const firstPollMs = performance.now() - started;
const snapshot = monitor.snapshot();
console.log(
  `first full poll (discovery + ${snapshot.services.length} services): ${firstPollMs.toFixed(0)} ms`,
);
console.log(
  `snapshot: ${snapshot.services.length} services, ${megabytes(JSON.stringify(snapshot).length)} as JSON`,
);

const deltaBytes: number[] = [];
monitor.subscribe((event: FleetEvent) => {
  if (event.type === 'delta') deltaBytes.push(JSON.stringify(event.delta).length);
});
const pollTimes: number[] = [];
for (let poll = 0; poll < polls; poll++) {
  started = performance.now();
  await monitor.refresh();
  pollTimes.push(performance.now() - started);
}
const sorted = [...pollTimes].sort((a, b) => a - b);
console.log(
  `steady poll of every cluster: median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(0)} ms, max ${sorted.at(-1)?.toFixed(0)} ms over ${polls} polls`,
);
console.log(
  `delta events while nothing deploys: ${deltaBytes.length}, ${deltaBytes.reduce((a, b) => a + b, 0)} bytes in all`,
);

await sandbox.runScenario({ kind: 'bad-deploy', cluster: 'flarenet-production', service: 'payment-service' });
deltaBytes.length = 0;
await new Promise((resolve) => setTimeout(resolve, 5000));
await monitor.refresh();
console.log(
  `after one bad deploy: ${deltaBytes.length} delta events, largest ${Math.max(0, ...deltaBytes)} bytes (the full snapshot is ${JSON.stringify(monitor.snapshot()).length} bytes)`,
);

const next = monitor.snapshot();
const diffed = time(() => diffFleet(snapshot, next));
const applied = time(() => applyFleetDelta(snapshot, diffed.value));
console.log(
  `diffFleet over ${next.services.length} services: ${diffed.ms.toFixed(1)} ms; applyFleetDelta: ${applied.ms.toFixed(1)} ms`,
);
const environment =
  next.clusters.find((cluster) => cluster.clusterName !== 'flarenet-production')?.environment ?? 'production';
const graph = time(() =>
  buildTopologyGraph({ fleet: next, lag: null, spec: sandboxTopologySpec, environment }),
);
const fullLayout = time(() => renderTopology(graph.value, { width: 160 }));
const collapsedLayout = time(() => renderTopology(graph.value, { width: 160, collapseHealthy: true }));
console.log(
  `topology of one ${servicesPerCluster}-service cluster at 160 columns: graph ${graph.ms.toFixed(0)} ms, layout ${fullLayout.ms.toFixed(0)} ms (${fullLayout.value.lines.length} lines), collapsed ${collapsedLayout.ms.toFixed(0)} ms (${collapsedLayout.value.lines.length} lines)`,
);
for (const line of topologyFigures(next)) console.log(line);
console.log(
  `heap growth while monitoring: ${megabytes(process.memoryUsage().heapUsed - heapBefore)}; rss ${megabytes(process.memoryUsage().rss)}`,
);

monitor.stop();
clients.destroyAll();
await sandbox.close();
