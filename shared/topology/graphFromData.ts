import { compareNaturalText } from '../compareText';
import { spokenDuration } from '../time/durationText';
import type { FleetSnapshot, ServiceSummary } from '../fleet/fleetModel';
import { consoleFindingNames } from '../kafka/consoleFindings';
import type { GroupLagSummary, LagSnapshot } from '../kafka/kafkaModel';
import {
  nodeId,
  type EdgeSource,
  type GroupLag,
  type TopologyEdge,
  type TopologyGraph,
  type TopologyNode,
  type TopologySpec,
} from './topologyModel';
import { resolveGroupOwner } from '../kafka/groupOwners';
import { readServiceTags, topicProducerByName, type ServiceTags, type TaggedTopology } from './serviceTags';

/**
 * Joins the spec with live data into one environment's graph. For every relation the first
 * source that says anything about a service wins: config, then the service's ECS tags, then
 * the naming convention. Kafka's own view of which topics a group reads wins over any of
 * them when lag data is there, since it is what really happens.
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
}

/** The environments of a fleet, in the order its clusters are listed. */
export function topologyEnvironments(fleet: FleetSnapshot): string[] {
  return [
    ...new Set([...fleet.clusters.map((c) => c.environment), ...fleet.services.map((s) => s.environment)]),
  ];
}

const kindRank: Record<TopologyNode['kind'], number> = {
  entry: 0,
  service: 1,
  group: 2,
  topic: 3,
  datastore: 4,
  summary: 5,
};

export function buildTopologyGraph(input: TopologyDataInput): TopologyGraph {
  const { spec, environment } = input;
  const services = input.fleet.services
    .filter((s) => s.environment === environment)
    .filter((s) => !input.clusterName || s.clusterName === input.clusterName)
    .sort(
      (a, b) =>
        compareNaturalText(a.clusterName, b.clusterName) || compareNaturalText(a.serviceName, b.serviceName),
    );

  const nodes = new Map<string, TopologyNode>();
  const edges = new Map<string, TopologyEdge>();
  const summaries = new Map<string, ServiceSummary>();
  for (const service of services) {
    // Two clusters of one environment running a service of the same name: the first is drawn.
    if (!summaries.has(service.serviceName)) summaries.set(service.serviceName, service);
  }
  const tagsByService = new Map<string, TaggedTopology>();
  for (const [name, summary] of summaries) {
    tagsByService.set(name, readServiceTags(input.tags?.[summary.serviceArn] ?? summary.tags));
  }
  const tagged = (name: string): TaggedTopology | undefined => tagsByService.get(name);

  // The service names drawn so far, kept while no service is added: read once per group.
  let serviceNames: string[] | null = null;
  const service = (name: string): string => {
    const id = nodeId('service', name);
    if (!nodes.has(id)) {
      serviceNames = null;
      const summary = summaries.get(name);
      nodes.set(id, {
        kind: 'service',
        id,
        name,
        domain: null,
        state: summary
          ? {
              clusterName: summary.clusterName,
              health: summary.health,
              healthReason: summary.healthReason,
              runningCount: summary.runningCount,
              desiredCount: summary.desiredCount,
              pendingCount: summary.pendingCount,
              family: summary.family,
              revision: summary.revision,
            }
          : null,
      });
    }
    return id;
  };
  const topic = (name: string): string => {
    const id = nodeId('topic', name);
    if (!nodes.has(id)) nodes.set(id, { kind: 'topic', id, name, domain: null });
    return id;
  };
  const addEdge = (edge: TopologyEdge) => {
    if (edge.from !== edge.to && !edges.has(edge.id)) edges.set(edge.id, edge);
  };
  const simpleEdge = (kind: 'http' | 'produces' | 'uses', from: string, to: string, source: EdgeSource) =>
    addEdge({ kind, id: `${kind}:${from}->${to}`, from, to, source });

  for (const name of summaries.keys()) service(name);

  for (const entry of spec.entries) {
    const id = nodeId('entry', entry.name);
    nodes.set(id, { kind: 'entry', id, name: entry.name, domain: null, entryKind: entry.kind });
    for (const target of entry.routesTo) simpleEdge('http', id, service(target), 'config');
  }

  // Per service, the first source with anything to say about a relation is the only one heard.
  const declared = (
    relation: 'http' | 'produces' | 'consumes',
    tagKey: 'calls' | 'produces' | 'consumes',
  ): Map<string, { items: string[]; source: EdgeSource }> => {
    const result = new Map<string, { items: string[]; source: EdgeSource }>();
    for (const [name, items] of Object.entries(spec[relation])) result.set(name, { items, source: 'config' });
    for (const [name, tags] of tagsByService) {
      const items = tags[tagKey];
      if (!result.has(name) && items) result.set(name, { items, source: 'tags' });
    }
    return result;
  };

  for (const [caller, { items, source }] of declared('http', 'calls')) {
    for (const callee of items) simpleEdge('http', service(caller), service(callee), source);
  }

  const produces = declared('produces', 'produces');
  for (const [producer, { items, source }] of produces) {
    for (const name of items) simpleEdge('produces', service(producer), topic(name), source);
  }

  const groups = lagGroupsInScope(input);
  const consumes = declared('consumes', 'consumes');
  for (const { items } of consumes.values()) items.forEach(topic);
  for (const group of groups) group.topics.forEach(topic);

  // Services without a groups tag name no group: leaving them out keeps owner lookups short.
  const taggedGroups = new Map(
    [...tagsByService].filter(([, tags]) => tags.groups !== null).map(([name, tags]) => [name, tags.groups]),
  );
  const knownServices = () =>
    (serviceNames ??= [...nodes.values()].filter((n) => n.kind === 'service').map((n) => n.name));
  const ownerOf = (
    groupId: string,
    fromMonitor: string | null,
  ): { owner: string; source: EdgeSource } | null => {
    const resolved = resolveGroupOwner(groupId, {
      configured: spec.groupOwners,
      taggedGroups,
      services: knownServices(),
    });
    if (resolved) return { owner: resolved.service, source: resolved.source };
    // The lag monitor's answer, found among services this graph does not draw.
    return fromMonitor ? { owner: fromMonitor, source: 'kafka' } : null;
  };

  const observed = new Set<string>();
  const lagByGroup = new Map<string, GroupLag>();
  for (const group of groups) {
    const lag = groupLag(group);
    lagByGroup.set(group.groupId, lag);
    const owner = ownerOf(group.groupId, group.ownerService);
    let to: string;
    if (owner) {
      to = service(owner.owner);
    } else {
      to = nodeId('group', group.groupId);
      if (!nodes.has(to)) nodes.set(to, { kind: 'group', id: to, name: group.groupId, domain: null });
    }
    for (const name of group.topics) {
      const from = topic(name);
      observed.add(`${from}|${to}`);
      addEdge({
        kind: 'consumes',
        id: `consumes:${from}->${to}#${group.groupId}`,
        from,
        to,
        source: owner?.source ?? 'kafka',
        groupId: group.groupId,
        lag,
      });
    }
  }

  for (const [consumer, { items, source }] of consumes) {
    const to = service(consumer);
    const groupId = declaredGroupOf(consumer, spec, tagged(consumer));
    for (const name of items) {
      const from = topic(name);
      if (observed.has(`${from}|${to}`)) continue;
      addEdge({
        kind: 'consumes',
        id: `consumes:${from}->${to}#${groupId}`,
        from,
        to,
        source,
        groupId,
        lag: lagByGroup.get(groupId) ?? null,
      });
    }
  }

  // The convention can only name producers of topics something else made known.
  const topics = [...nodes.values()].filter((n) => n.kind === 'topic').map((n) => n.name);
  for (const name of knownServices()) {
    if (produces.has(name)) continue;
    for (const topicName of topics) {
      if (
        topicProducerByName(topicName, [name]) === name &&
        topicProducerByName(topicName, knownServices()) === name
      )
        simpleEdge('produces', service(name), nodeId('topic', topicName), 'convention');
    }
  }

  const usedBy = new Map<
    string,
    { datastores: { name: string; kind: string | null }[]; source: EdgeSource }
  >();
  for (const datastore of spec.datastores) {
    for (const user of datastore.usedBy) {
      const entry = usedBy.get(user) ?? { datastores: [], source: 'config' as const };
      entry.datastores.push({ name: datastore.name, kind: datastore.kind ?? null });
      usedBy.set(user, entry);
    }
  }
  for (const [name, tags] of tagsByService) {
    if (!usedBy.has(name) && tags.datastores)
      usedBy.set(name, { datastores: tags.datastores.map((d) => ({ name: d, kind: null })), source: 'tags' });
  }
  for (const [user, { datastores, source }] of usedBy) {
    for (const datastore of datastores) {
      const id = nodeId('datastore', datastore.name);
      if (!nodes.has(id))
        nodes.set(id, {
          kind: 'datastore',
          id,
          name: datastore.name,
          domain: null,
          datastoreKind: datastore.kind,
        });
      simpleEdge('uses', service(user), id, source);
    }
  }

  assignDomains(nodes, spec, tagsByService);

  const sortedNodes = [...nodes.values()].sort(
    (a, b) => kindRank[a.kind] - kindRank[b.kind] || compareNaturalText(a.name, b.name),
  );
  const sortedEdges = [...edges.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const consumers = sortedEdges.filter((e) => e.kind === 'consumes');
  const unmeasured = consumers.length > 0 && consumers.every((e) => e.lag === null);
  return {
    environment,
    clusters: [...new Set(services.map((s) => s.clusterName))],
    nodes: sortedNodes,
    edges: sortedEdges,
    fleetAt: input.fleet.generatedAt,
    lagAt: input.lag && groups.length > 0 ? input.lag.generatedAt : null,
    notes: dataNotes(input, unmeasured),
  };
}

function lagGroupsInScope(input: TopologyDataInput): GroupLagSummary[] {
  if (!input.lag) return [];
  const singleEnvironment = topologyEnvironments(input.fleet).length <= 1;
  const clusters = new Set(
    input.lag.clusters
      .filter((c) => c.environment === input.environment || (c.environment === null && singleEnvironment))
      .map((c) => c.name),
  );
  return input.lag.groups
    .filter((g) => clusters.has(g.kafkaCluster))
    .sort(
      (a, b) =>
        compareNaturalText(a.groupId, b.groupId) || compareNaturalText(a.kafkaCluster, b.kafkaCluster),
    );
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

/** The group a declared consumer reads with: a configured one it owns, a tagged one, or its own name. */
function declaredGroupOf(consumer: string, spec: TopologySpec, tags: TaggedTopology | undefined): string {
  const configured = Object.keys(spec.groupOwners)
    .filter((group) => spec.groupOwners[group] === consumer)
    .sort();
  return configured[0] ?? tags?.groups?.[0] ?? consumer;
}

function assignDomains(
  nodes: Map<string, TopologyNode>,
  spec: TopologySpec,
  tags: ReadonlyMap<string, TaggedTopology>,
): void {
  const configured = new Map<string, string>();
  for (const domain of Object.keys(spec.domains).sort()) {
    for (const name of spec.domains[domain]!) if (!configured.has(name)) configured.set(name, domain);
  }
  for (const node of nodes.values()) {
    if (node.kind !== 'service' && node.kind !== 'topic' && node.kind !== 'datastore') continue;
    node.domain =
      configured.get(node.name) ?? (node.kind === 'service' ? (tags.get(node.name)?.domain ?? null) : null);
  }
}

function dataNotes(input: TopologyDataInput, unmeasured: boolean): string[] {
  const notes: string[] = [];
  for (const cluster of input.fleet.clusters) {
    if (cluster.environment !== input.environment) continue;
    if (input.clusterName && cluster.clusterName !== input.clusterName) continue;
    const why = cluster.error?.message ?? 'the last poll failed';
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
