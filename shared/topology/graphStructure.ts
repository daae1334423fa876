import { compareNaturalText, compareText } from '../compareText';
import type { ServiceSummary } from '../fleet/fleetModel';
import { groupOwnerResolver, type GroupOwner } from '../kafka/groupOwners';
import type { GroupLagSummary } from '../kafka/kafkaModel';
import { naturalSortKey } from './naturalOrder';
import { readServiceTags, type ServiceTags, type TaggedTopology } from './serviceTags';
import {
  nodeId,
  type EdgeSource,
  type ServiceState,
  type TopologyEdge,
  type TopologyNode,
  type TopologySpec,
} from './topologyModel';

/**
 * The nodes and edges of one environment's graph: what only changes when services come or
 * go, their tags change, the spec changes or consumer groups come, go or read other topics.
 * Built in one pass over the services, with each lookup indexed once (owners, producers by
 * topic name, declared groups), so a fleet of ten thousand costs a few milliseconds.
 *
 * For every relation the first source that says anything about a service wins: config,
 * then the service's ECS tags, then the naming convention. Kafka's own view of which topics
 * a group reads wins over any of them when lag data is there, since it is what really happens.
 */

export interface StructureInput {
  spec: TopologySpec;
  /** The services drawn, one per name: where two clusters run a name, the first cluster's. */
  services: ReadonlyMap<string, ServiceSummary>;
  /** ECS tags by service ARN, over those the fleet snapshot carries. */
  tags?: Readonly<Record<string, ServiceTags>>;
  /** The consumer groups in scope, in the order their lag is read (see graphFromData.ts). */
  groups: readonly GroupLagSummary[];
}

export interface GraphStructure {
  /** In drawing order: by kind, then by name as people number them. */
  nodes: TopologyNode[];
  /** By id. */
  edges: TopologyEdge[];
  /** Where in `nodes` each service box is. */
  servicePositions: number[];
  /**
   * Where in `edges` each consumer edge is, and the group whose lag it shows (its key in
   * `groupKey`), or null when no group in the lag data has its id.
   */
  consumerPositions: { position: number; groupKey: string | null }[];
}

export function groupKey(group: Pick<GroupLagSummary, 'kafkaCluster' | 'groupId'>): string {
  return `${group.kafkaCluster}\u0000${group.groupId}`;
}

const kindRank: Record<TopologyNode['kind'], number> = {
  entry: 0,
  service: 1,
  group: 2,
  topic: 3,
  datastore: 4,
  summary: 5,
};

export function serviceState(summary: ServiceSummary | undefined): ServiceState | null {
  return summary
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
    : null;
}

export function buildGraphStructure(input: StructureInput): GraphStructure {
  const { spec, services: summaries, groups } = input;
  const nodes = new Map<string, TopologyNode>();
  const edges = new Map<string, TopologyEdge>();
  const tagsByService = new Map<string, TaggedTopology>();
  for (const [name, summary] of summaries)
    tagsByService.set(name, readServiceTags(input.tags?.[summary.serviceArn] ?? summary.tags));

  /** Every service drawn, as it is added: owners and producers are looked up in it. */
  const serviceNames = new Set<string>();
  const service = (name: string): string => {
    const id = nodeId('service', name);
    if (!serviceNames.has(name)) {
      serviceNames.add(name);
      nodes.set(id, { kind: 'service', id, name, domain: null, state: serviceState(summaries.get(name)) });
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

  const consumes = declared('consumes', 'consumes');
  for (const { items } of consumes.values()) items.forEach(topic);
  for (const group of groups) group.topics.forEach(topic);

  const ownerOf = groupOwners(spec, summaries, tagsByService, serviceNames);
  const observed = new Set<string>();
  /** The group whose lag a declared consumer edge shows: the last in reading order with its id. */
  const lagGroupById = new Map<string, string>();
  const consumerGroupKeys = new Map<string, string | null>();
  for (const group of groups) {
    const key = groupKey(group);
    lagGroupById.set(group.groupId, key);
    const resolved = ownerOf(group.groupId);
    // The lag monitor's answer, found among services this graph does not draw.
    const owner: { owner: string; source: EdgeSource } | null = resolved
      ? { owner: resolved.service, source: resolved.source }
      : group.ownerService
        ? { owner: group.ownerService, source: 'kafka' }
        : null;
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
      const edge: TopologyEdge = {
        kind: 'consumes',
        id: `consumes:${from}->${to}#${group.groupId}`,
        from,
        to,
        source: owner?.source ?? 'kafka',
        groupId: group.groupId,
        lag: null,
      };
      if (!edges.has(edge.id) && edge.from !== edge.to) consumerGroupKeys.set(edge.id, key);
      addEdge(edge);
    }
  }

  const declaredGroups = declaredGroupsByOwner(spec);
  for (const [consumer, { items, source }] of consumes) {
    const to = service(consumer);
    const groupId = declaredGroups.get(consumer) ?? tagsByService.get(consumer)?.groups?.[0] ?? consumer;
    for (const name of items) {
      const from = topic(name);
      if (observed.has(`${from}|${to}`)) continue;
      const id = `consumes:${from}->${to}#${groupId}`;
      if (!edges.has(id) && from !== to) consumerGroupKeys.set(id, lagGroupById.get(groupId) ?? null);
      addEdge({ kind: 'consumes', id, from, to, source, groupId, lag: null });
    }
  }

  // The convention can only name producers of topics something else made known: each topic's
  // producer is the longest service name it starts with, followed by a dot.
  for (const node of [...nodes.values()]) {
    if (node.kind !== 'topic') continue;
    const producer = longestServiceBeforeDot(node.name, serviceNames);
    if (producer !== null && !produces.has(producer))
      simpleEdge('produces', service(producer), node.id, 'convention');
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

  const sortedNodes = inDrawingOrder(nodes.values());
  const sortedEdges = [...edges.values()].sort((a, b) => compareText(a.id, b.id));
  const servicePositions: number[] = [];
  sortedNodes.forEach((node, index) => {
    if (node.kind === 'service') servicePositions.push(index);
  });
  const consumerPositions: GraphStructure['consumerPositions'] = [];
  sortedEdges.forEach((edge, position) => {
    if (edge.kind === 'consumes')
      consumerPositions.push({ position, groupKey: consumerGroupKeys.get(edge.id)! });
  });
  return { nodes: sortedNodes, edges: sortedEdges, servicePositions, consumerPositions };
}

/** By kind, then by name as people number them ("api-2" before "api-19"). */
function inDrawingOrder(nodes: Iterable<TopologyNode>): TopologyNode[] {
  const keyed = [...nodes].map((node) => ({
    node,
    rank: kindRank[node.kind],
    key: naturalSortKey(node.name),
  }));
  keyed.sort((a, b) => a.rank - b.rank || compareText(a.key, b.key) || compareText(a.node.name, b.node.name));
  return keyed.map((entry) => entry.node);
}

/**
 * The owner of each group id, from config, tags and names (groupOwners.ts), against the
 * services drawn at the moment it is asked: an owner the lag monitor named outside the fleet
 * joins them, and can own the groups read after it.
 */
function groupOwners(
  spec: TopologySpec,
  summaries: ReadonlyMap<string, ServiceSummary>,
  tagsByService: ReadonlyMap<string, TaggedTopology>,
  serviceNames: ReadonlySet<string>,
): (groupId: string) => GroupOwner | null {
  // The first service in the fleet's order (cluster, then name) that names a group owns it.
  const tagging = [...tagsByService].filter(([, tags]) => tags.groups !== null);
  tagging.sort(
    ([a], [b]) =>
      compareNaturalText(summaries.get(a)?.clusterName ?? '', summaries.get(b)?.clusterName ?? '') ||
      compareNaturalText(a, b),
  );
  const taggedGroups = new Map(tagging.map(([name, tags]) => [name, tags.groups]));
  let resolver: ((groupId: string) => GroupOwner | null) | null = null;
  let resolverServices = -1;
  return (groupId) => {
    if (resolverServices !== serviceNames.size) {
      resolver = groupOwnerResolver({ configured: spec.groupOwners, taggedGroups, services: serviceNames });
      resolverServices = serviceNames.size;
    }
    return resolver!(groupId);
  };
}

/** For each service, the first (in code-unit order) of the configured groups it owns. */
function declaredGroupsByOwner(spec: TopologySpec): Map<string, string> {
  const groups = new Map<string, string>();
  for (const [group, owner] of Object.entries(spec.groupOwners)) {
    const known = groups.get(owner);
    if (known === undefined || compareText(group, known) < 0) groups.set(owner, group);
  }
  return groups;
}

/** The longest service `<service>.<event>` names, by the naming convention for topics. */
function longestServiceBeforeDot(topic: string, services: ReadonlySet<string>): string | null {
  for (let dot = topic.lastIndexOf('.'); dot > 0; dot = topic.lastIndexOf('.', dot - 1)) {
    const prefix = topic.slice(0, dot);
    if (services.has(prefix)) return prefix;
  }
  return null;
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
