import { compareNaturalText, compareText } from '../compareText';
import { spokenDuration } from '../time/durationText';
import type { FleetSnapshot, ServiceSummary } from '../fleet/fleetModel';
import { consoleFindingNames } from '../kafka/consoleFindings';
import type { GroupLagSummary, LagSnapshot } from '../kafka/kafkaModel';
import type { MetricsSnapshot, ServiceMetrics } from '../metrics/metricsModel';
import { buildGraphStructure, groupKey, serviceState, type GraphStructure } from './graphStructure';
import { naturalSortKey } from './naturalOrder';
import type { ServiceTags } from './serviceTags';
import { sameVitals, serviceVitals } from './serviceVitals';
import type {
  GroupLag,
  ServiceState,
  TopologyEdge,
  TopologyGraph,
  TopologyNode,
  TopologySpec,
} from './topologyModel';

/**
 * Joins the spec with live data into one environment's graph: the nodes and edges
 * (graphStructure.ts, which says where each relation comes from), with each service's
 * values and each consumer group's lag on them, and notes on what the data cannot vouch for.
 */

export interface TopologyDataInput {
  fleet: FleetSnapshot;
  /** null while there is no lag data: consumer edges then come from the spec and tags only. */
  lag: LagSnapshot | null;
  spec: TopologySpec;
  environment: string;
  /** Only this ECS cluster's services. */
  clusterName?: string;
  /** ECS tags by service ARN, over those the fleet snapshot carries. */
  tags?: Readonly<Record<string, ServiceTags>>;
  /** CloudWatch's figures: with them every service box carries its 5XX share, p99 and alarms. */
  metrics?: MetricsSnapshot | null;
}

/** The environments of a fleet, in the order its clusters are listed. */
export function topologyEnvironments(fleet: FleetSnapshot): string[] {
  return [
    ...new Set([...fleet.clusters.map((c) => c.environment), ...fleet.services.map((s) => s.environment)]),
  ];
}

/**
 * The graph of one input. A live view keeps a `TopologyGraphBuilder` instead, so each
 * update costs what changed.
 */
export function buildTopologyGraph(input: TopologyDataInput): TopologyGraph {
  return new TopologyGraphBuilder().build(input);
}

/**
 * Builds the graph again for each live update at the cost of what changed. The fleet and lag
 * stores deliver a new state every few seconds in which what did not change keeps its
 * object: an input that is the very same gives the very same graph; one whose services,
 * tags and groups are the same (most updates) keeps the nodes and edges worked out before
 * and only reads each service's values and each group's lag again, keeping every box and
 * edge whose values are unchanged, and the node and edge lists themselves when none
 * changed. Anything else is built from scratch, in one pass (graphStructure.ts).
 */
export class TopologyGraphBuilder {
  private last: {
    input: TopologyDataInput;
    signature: unknown[];
    structure: GraphStructure;
    /** What each service box and consumer edge was last read from, in structure order. */
    services: (ServiceSummary | undefined)[];
    /** What each service box's vitals were last read from. */
    measured: (ServiceMetrics | undefined)[];
    groups: (GroupLagSummary | undefined)[];
    graph: TopologyGraph;
  } | null = null;
  /** How many times nodes and edges were worked out from scratch: for tests, and for anyone wondering why an update was slow. */
  structures = 0;

  build(input: TopologyDataInput): TopologyGraph {
    const last = this.last;
    if (last && sameInput(last.input, input)) return last.graph;
    const scope = scopeOf(input);
    const reuse = last !== null && sameSignature(last.signature, scope.signature);
    const structure = reuse
      ? last.structure
      : buildGraphStructure({
          spec: input.spec,
          services: scope.services,
          tags: input.tags,
          groups: inReadingOrder(scope.groups),
        });
    if (!reuse) this.structures++;

    let nodes = reuse ? last.graph.nodes : structure.nodes;
    const metricsByKey = this.metricsByKey(input);
    const measured: (ServiceMetrics | undefined)[] = [];
    const services = structure.servicePositions.map((position, index) => {
      const node = nodes[position] as Extract<TopologyNode, { kind: 'service' }>;
      const summary = scope.services.get(node.name);
      const metrics = summary && metricsByKey ? metricsByKey.get(summary.key) : undefined;
      measured.push(metrics);
      let next = node;
      // A structure just built has every service's values already, but no vitals.
      if (reuse && summary !== last.services[index]) {
        const state = serviceState(summary);
        if (!sameState(node.state, state)) next = { ...next, state };
      }
      if (
        !reuse ||
        metrics !== last.measured[index] ||
        (metricsByKey === null) !== (node.vitals === undefined)
      ) {
        const vitals = metricsByKey === null ? undefined : serviceVitals(metrics);
        if (!sameVitals(node.vitals, vitals)) {
          const { vitals: _dropped, ...rest } = next;
          next = vitals === undefined ? rest : { ...rest, vitals };
        }
      }
      if (next !== node) {
        if (nodes === last?.graph.nodes || nodes === structure.nodes) nodes = [...nodes];
        nodes[position] = next;
      }
      return summary;
    });

    let edges = reuse ? last.graph.edges : structure.edges;
    const groups = structure.consumerPositions.map(({ position, groupKey }, index) => {
      const edge = edges[position] as Extract<TopologyEdge, { kind: 'consumes' }>;
      const group = groupKey === null ? undefined : scope.groupsByKey.get(groupKey);
      if (reuse && group === last.groups[index]) return group;
      const lag = group ? groupLag(group) : null;
      if (!sameLag(edge.lag, lag)) {
        if (edges === last?.graph.edges || edges === structure.edges) edges = [...edges];
        edges[position] = { ...edge, lag };
      }
      return group;
    });

    const unmeasured =
      structure.consumerPositions.length > 0 &&
      structure.consumerPositions.every(({ position }) => (edges[position] as { lag: unknown }).lag === null);
    const notes = dataNotes(input, unmeasured);
    const graph: TopologyGraph = {
      environment: input.environment,
      clusters: last && sameTexts(last.graph.clusters, scope.clusters) ? last.graph.clusters : scope.clusters,
      nodes,
      edges,
      fleetAt: input.fleet.generatedAt,
      lagAt: input.lag && scope.groups.length > 0 ? input.lag.generatedAt : null,
      notes: last && sameTexts(last.graph.notes, notes) ? last.graph.notes : notes,
    };
    this.last = { input, signature: scope.signature, structure, services, measured, groups, graph };
    return graph;
  }

  private metricsIndex: { metrics: MetricsSnapshot; byKey: Map<string, ServiceMetrics> } | null = null;

  /**
   * The metrics by the fleet's key, made again only when another snapshot comes (once a
   * minute); null when there are none for the environment (the console reads no CloudWatch
   * there), so its boxes do not all say "no data".
   */
  private metricsByKey({ metrics, environment }: TopologyDataInput): Map<string, ServiceMetrics> | null {
    if (!metrics?.environments.some((group) => group.environment === environment)) return null;
    if (this.metricsIndex?.metrics !== metrics)
      this.metricsIndex = {
        metrics,
        byKey: new Map(metrics.services.map((service) => [service.key, service])),
      };
    return this.metricsIndex.byKey;
  }
}

interface Scope {
  /** The services drawn, by name: where two clusters run a name, the first cluster's. */
  services: Map<string, ServiceSummary>;
  /** The clusters the services were read from, in natural order. */
  clusters: string[];
  /** The consumer groups read from the environment's Kafka clusters, as the lag data lists them. */
  groups: GroupLagSummary[];
  groupsByKey: Map<string, GroupLagSummary>;
  /**
   * Everything the nodes and edges depend on, as a flat list compared item by item: the
   * spec, each service's name, cluster, ARN and tags, each group's id, topics and owner.
   */
  signature: unknown[];
}

function scopeOf(input: TopologyDataInput): Scope {
  const services = new Map<string, ServiceSummary>();
  const clusters = new Set<string>();
  for (const service of input.fleet.services) {
    if (service.environment !== input.environment) continue;
    if (input.clusterName && service.clusterName !== input.clusterName) continue;
    clusters.add(service.clusterName);
    const seen = services.get(service.serviceName);
    if (!seen || compareNaturalText(service.clusterName, seen.clusterName) < 0)
      services.set(service.serviceName, service);
  }
  const signature: unknown[] = [input.spec, input.environment, input.clusterName, input.tags, services.size];
  for (const [name, service] of services)
    signature.push(name, service.clusterName, service.serviceArn, service.tags);
  const groups = lagGroupsInScope(input);
  const groupsByKey = new Map<string, GroupLagSummary>();
  signature.push(groups.length);
  for (const group of groups) {
    groupsByKey.set(groupKey(group), group);
    signature.push(group.kafkaCluster, group.groupId, group.topics.join('\u0000'), group.ownerService);
  }
  return { services, clusters: [...clusters].sort(compareNaturalText), groups, groupsByKey, signature };
}

function sameInput(a: TopologyDataInput, b: TopologyDataInput): boolean {
  return (
    a.fleet === b.fleet &&
    a.lag === b.lag &&
    a.spec === b.spec &&
    a.environment === b.environment &&
    a.clusterName === b.clusterName &&
    a.tags === b.tags &&
    a.metrics === b.metrics
  );
}

/** Item by item; tag records (the only objects besides the spec) by their entries when not the same object. */
function sameSignature(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) {
    const x = a[index];
    const y = b[index];
    if (x === y) continue;
    if (index === 0 || typeof x !== 'object' || typeof y !== 'object' || x === null || y === null)
      return false;
    if (!sameTags(x as ServiceTags, y as ServiceTags)) return false;
  }
  return true;
}

function sameTags(a: ServiceTags, b: ServiceTags): boolean {
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && a[key] === b[key])
  );
}

function sameTexts(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((text, index) => text === b[index]);
}

function sameState(a: ServiceState | null, b: ServiceState | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.clusterName === b.clusterName &&
    a.health === b.health &&
    a.healthReason === b.healthReason &&
    a.runningCount === b.runningCount &&
    a.desiredCount === b.desiredCount &&
    a.pendingCount === b.pendingCount &&
    a.family === b.family &&
    a.revision === b.revision
  );
}

function sameLag(a: GroupLag | null, b: GroupLag | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.kafkaCluster === b.kafkaCluster &&
    a.groupId === b.groupId &&
    a.burrowStatus === b.burrowStatus &&
    a.severity === b.severity &&
    a.totalLag === b.totalLag &&
    a.statusReason === b.statusReason &&
    a.worstPartition === b.worstPartition &&
    sameTexts(a.findings, b.findings)
  );
}

/** The consumer groups of the environment's Kafka clusters, in the order the lag data lists them. */
function lagGroupsInScope(input: TopologyDataInput): GroupLagSummary[] {
  if (!input.lag) return [];
  const singleEnvironment = () => topologyEnvironments(input.fleet).length <= 1;
  const clusters = new Set(
    input.lag.clusters
      .filter((c) => c.environment === input.environment || (c.environment === null && singleEnvironment()))
      .map((c) => c.name),
  );
  return input.lag.groups.filter((g) => clusters.has(g.kafkaCluster));
}

/** The order groups are read in: by id, then by Kafka cluster, as people number them. */
function inReadingOrder(groups: readonly GroupLagSummary[]): GroupLagSummary[] {
  const keyed = groups.map((group) => ({ group, key: naturalSortKey(group.groupId) }));
  keyed.sort(
    (a, b) =>
      compareText(a.key, b.key) ||
      compareText(a.group.groupId, b.group.groupId) ||
      compareNaturalText(a.group.kafkaCluster, b.group.kafkaCluster),
  );
  return keyed.map((entry) => entry.group);
}

function groupLag(group: GroupLagSummary): GroupLag {
  const worst = group.worstPartition;
  return {
    kafkaCluster: group.kafkaCluster,
    groupId: group.groupId,
    burrowStatus: group.burrowStatus,
    severity: group.severity,
    totalLag: group.totalLag,
    statusReason: group.statusReason,
    worstPartition: worst ? `${worst.topic}/${worst.partition} ${worst.burrowStatus}` : null,
    findings: group.findings.map((finding) => consoleFindingNames[finding.kind]),
  };
}

function dataNotes(input: TopologyDataInput, unmeasured: boolean): string[] {
  const notes: string[] = [];
  for (const cluster of input.fleet.clusters) {
    if (cluster.environment !== input.environment) continue;
    if (input.clusterName && cluster.clusterName !== input.clusterName) continue;
    // Without an error and never read, the console has only just started to watch it.
    const why =
      cluster.error?.message ??
      (cluster.lastSuccessAt === null ? 'its first poll is under way' : 'the last poll failed');
    if (cluster.state === 'stale' && cluster.lastSuccessAt !== null)
      notes.push(
        `${cluster.clusterName}: data ${spokenDuration(input.fleet.generatedAt - cluster.lastSuccessAt, { finestUnit: 'second' })} old (${why})`,
      );
    else if (cluster.state !== 'ok') notes.push(`${cluster.clusterName}: no data (${why})`);
  }
  if (!input.lag) {
    if (unmeasured) notes.push('No Kafka lag data: consumer edges come from config, without lag.');
    return notes;
  }
  if (unmeasured)
    notes.push(
      `No Kafka cluster reports lag for ${input.environment}: consumer edges come from config, without lag.`,
    );
  for (const cluster of input.lag.clusters) {
    if (cluster.environment !== null && cluster.environment !== input.environment) continue;
    const why = cluster.error?.message ?? 'the last refresh failed';
    if (cluster.state === 'stale') notes.push(`Kafka ${cluster.name}: lag data is stale (${why})`);
    else if (cluster.state === 'error') notes.push(`Kafka ${cluster.name}: no lag data (${why})`);
  }
  return notes;
}
