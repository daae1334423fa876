import { compareNaturalText } from '../compareText';
import type { HealthState } from '../fleet/fleetModel';
import { lagSeverityRank } from '../kafka/lagSeverity';
import { formatCount } from './boxContent';
import { errorRateText, latencyText } from '../metrics/metricWords';
import type { GroupLag, ServiceVitals, TopologyEdge, TopologyGraph, TopologyNode } from './topologyModel';

/**
 * The topology in sentences, for an incident channel: what there is, and what is wrong with
 * it, worst first — "payment-service degraded 1/3 running; …", "payment-process →
 * payment-service lag 12 340 ERR (…)".
 */

const healthOrder: readonly HealthState[] = ['failed', 'degraded', 'stale', 'deploying', 'healthy'];

/** "9 services: 8 healthy, 1 degraded", "8 topics", …: the counts, one phrase each. */
export function summaryParts(graph: Pick<TopologyGraph, 'nodes' | 'edges'>): string[] {
  const services = graph.nodes.filter((n) => n.kind === 'service');
  const byHealth = new Map<string, number>();
  for (const service of services) {
    const word = service.state?.health ?? 'no data';
    byHealth.set(word, (byHealth.get(word) ?? 0) + 1);
  }
  const healthParts = [...healthOrder, 'no data']
    .filter((word) => byHealth.has(word))
    .map((word) => `${byHealth.get(word)} ${word}`);
  const parts = [
    `${plural(services.length, 'service')}${healthParts.length > 0 ? `: ${healthParts.join(', ')}` : ''}`,
  ];

  const topics = graph.nodes.filter((n) => n.kind === 'topic').length;
  if (topics > 0) parts.push(plural(topics, 'topic'));
  const groups = groupsOf(graph);
  if (groups.length > 0) {
    const measured = groups.filter((g) => g.lag !== null);
    const statuses = (['ERR', 'WARN', 'NOTFOUND', 'OK'] as const)
      .map((status) => [status, measured.filter((g) => g.lag!.burrowStatus === status).length] as const)
      .filter(([, count]) => count > 0)
      .map(([status, count]) => `${count} ${status}`);
    const withFindings = measured.filter((g) => g.lag!.findings.length > 0).length;
    if (withFindings > 0) statuses.push(`${withFindings} with console findings`);
    const unmeasured = groups.length - measured.length;
    if (unmeasured > 0) statuses.push(`${unmeasured} without lag data`);
    parts.push(`${plural(groups.length, 'consumer group')}: ${statuses.join(', ')}`);
  }
  const datastores = graph.nodes.filter((n) => n.kind === 'datastore').length;
  if (datastores > 0) parts.push(plural(datastores, 'datastore'));
  return parts;
}

/** One line per thing that is wrong, worst first. */
export function problemLines(graph: TopologyGraph): string[] {
  const lines: string[] = [];
  const services = graph.nodes
    .filter((n): n is Extract<TopologyNode, { kind: 'service' }> => n.kind === 'service')
    .filter((n) => n.state === null || (n.state.health !== 'healthy' && n.state.health !== 'deploying'))
    .sort((a, b) => healthRank(a) - healthRank(b) || compareNaturalText(a.name, b.name));
  for (const service of services) {
    lines.push(
      service.state === null
        ? `${service.name} no data: named in the topology but not found in the fleet`
        : `${service.name} ${service.state.health} ${service.state.healthReason}`,
    );
  }
  for (const node of graph.nodes)
    if (node.kind === 'service' && node.vitals && node.vitals.alarms.length > 0)
      lines.push(alarmLine(node.name, node.vitals));
  const troubled = groupsOf(graph)
    .filter((g) => g.lag?.severity === 'error' || g.lag?.severity === 'warn')
    .sort(
      (a, b) =>
        lagSeverityRank(b.lag!.severity) - lagSeverityRank(a.lag!.severity) ||
        compareNaturalText(a.consumer, b.consumer),
    );
  for (const group of troubled) lines.push(describeGroup(group));
  for (const node of graph.nodes)
    if (node.kind === 'group')
      lines.push(`consumer group ${node.name} has no known owner: name it in config`);
  return lines;
}

/** Services in the middle of a deployment: not a problem, but what changed. */
export function deployingLines(graph: TopologyGraph): string[] {
  return graph.nodes
    .filter(
      (n): n is Extract<TopologyNode, { kind: 'service' }> =>
        n.kind === 'service' && n.state?.health === 'deploying',
    )
    .map((n) => `${n.name} ${n.state!.healthReason}`);
}

export function describeEdge(edge: TopologyEdge, graph: TopologyGraph): string {
  const name = (id: string) => graph.nodes.find((n) => n.id === id)?.name ?? id;
  return `${name(edge.from)} → ${name(edge.to)}`;
}

interface GroupView {
  groupId: string;
  consumer: string;
  topics: string[];
  lag: GroupLag | null;
}

function groupsOf(graph: Pick<TopologyGraph, 'nodes' | 'edges'>): GroupView[] {
  const groups = new Map<string, GroupView>();
  const names = new Map(graph.nodes.map((n) => [n.id, n.name]));
  const name = (id: string) => names.get(id) ?? id;
  for (const edge of graph.edges) {
    if (edge.kind !== 'consumes') continue;
    const key = `${edge.to}#${edge.groupId}`;
    const group = groups.get(key) ?? {
      groupId: edge.groupId,
      consumer: name(edge.to),
      topics: [],
      lag: edge.lag,
    };
    group.topics.push(name(edge.from));
    groups.set(key, group);
  }
  return [...groups.values()];
}

function describeGroup(group: GroupView): string {
  const lag = group.lag!;
  const named = group.groupId === group.consumer ? '' : `group ${group.groupId}: `;
  return `${group.topics.sort().join(', ')} → ${group.consumer} lag ${formatCount(lag.totalLag)} ${lag.burrowStatus} (${named}${lag.statusReason})`;
}

/** "api-gateway alarm api-gateway-5xx in ALARM (5xx 14 %, p99 2.1 s)". */
function alarmLine(name: string, vitals: ServiceVitals): string {
  const figures = [
    vitals.errorRate === null ? null : `5xx ${errorRateText(vitals.errorRate)}`,
    vitals.p99 === null ? null : `p99 ${latencyText(vitals.p99)}`,
  ].filter((figure) => figure !== null);
  const alarms = `alarm${vitals.alarms.length === 1 ? '' : 's'} ${vitals.alarms.join(', ')}`;
  return `${name} ${alarms} in ALARM${figures.length > 0 ? ` (${figures.join(', ')})` : ''}`;
}

function healthRank(node: Extract<TopologyNode, { kind: 'service' }>): number {
  return node.state === null ? healthOrder.length : healthOrder.indexOf(node.state.health);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
