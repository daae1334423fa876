import { describe, expect, it } from 'vitest';
import type { FleetSnapshot, ServiceSummary } from '../fleet/fleetModel';
import type { GroupLagSummary, LagSnapshot } from '../kafka/kafkaModel';
import { buildTopologyGraph } from './graphFromData';
import { sandboxTopologySpec } from './sandboxTopologySpec';
import type { TopologyEdge, TopologyGraph, TopologyNode } from './topologyModel';
import {
  groupLagSummary,
  numberedFleet,
  paymentTrouble,
  sandboxGroups,
  sandboxLag,
  serviceSummary,
} from '../testing/topologyTestData';

/**
 * The graph itself, node by node and edge by edge, for the sandbox's fleet at 100 and 1,000
 * services with a consumer group per consumer copy, a few services that describe themselves
 * in tags, and a second cluster repeating some names: what the diagrams are drawn from.
 */

/** The sandbox's groups again for each numbered copy of their consumer ("payment-service-7"). */
function numberedLag(fleet: FleetSnapshot, trouble: boolean): LagSnapshot {
  const lag = sandboxLag(trouble ? paymentTrouble.lag : {});
  const copies: GroupLagSummary[] = [];
  for (const service of fleet.services) {
    const base = sandboxGroups.find(([groupId]) => service.serviceName.startsWith(`${groupId}-`));
    if (!base) continue;
    const [, topics, totalLag] = base;
    const copy = Number(service.serviceName.slice(base[0].length + 1));
    copies.push(
      groupLagSummary(
        service.serviceName,
        topics,
        totalLag + copy,
        copy % 23 === 0 ? { burrowStatus: 'WARN', severity: 'warn', statusReason: 'lag growing' } : {},
      ),
    );
  }
  // A group nobody's name or tags claim, and one the lag monitor found an owner for elsewhere.
  copies.push(groupLagSummary('audit-reader', ['order-completed'], 5));
  copies.push(groupLagSummary('ledger-sync', ['payment-process'], 9, { ownerService: 'ledger-service' }));
  return { ...lag, groups: [...lag.groups, ...copies] };
}

const tagged: Record<string, Partial<ServiceSummary>> = {
  'catalog-service-3': {
    tags: {
      'flarenet:produces': 'catalog-updates',
      'flarenet:calls': 'user-service-3/auth-service',
      'flarenet:domain': 'catalog',
      'flarenet:datastores': 'catalog-db',
    },
  },
  'user-service-4': {
    tags: {
      'flarenet:consumes': 'catalog-updates/order-service-5.audit',
      'flarenet:groups': 'catalog-followers',
    },
  },
  'order-service-5': { tags: { 'flarenet:domain': 'orders' } },
  'auth-service-2': { health: 'stale', healthReason: 'no answer for 2 min' },
  'inventory-service-6': { health: 'failed', healthReason: '0/3 running', runningCount: 0 },
};

function platform(count: number, trouble: boolean): TopologyGraph {
  const fleet = numberedFleet(count, { ...tagged, ...(trouble ? paymentTrouble.fleet : {}) });
  // A second cluster of the same environment repeats a few names: the first cluster's are drawn.
  const second = ['order-service', 'payment-service-2', 'ledger-service'].map((name) =>
    serviceSummary(name, { clusterName: 'flarenet-production-b' }, { health: 'degraded' }),
  );
  const lag = numberedLag(fleet, trouble);
  lag.groups.push(groupLagSummary('catalog-followers', ['catalog-updates'], 3));
  return buildTopologyGraph({
    fleet: { ...fleet, services: [...second, ...fleet.services] },
    lag,
    spec: sandboxTopologySpec,
    environment: 'production',
  });
}

/**
 * The graph as lines: what is out of the ordinary listed, the many plain ones (healthy
 * services without a domain, consumer edges whose group is fine) counted and fingerprinted
 * with FNV-1a, so a change in any of them shows without listing a thousand.
 */
function graphLines(graph: TopologyGraph): string[] {
  const { nodes, edges, ...rest } = graph;
  const lines = [JSON.stringify(rest)];
  let plain = 0;
  let fingerprint = 0x811c9dc5;
  const note = (item: TopologyNode | TopologyEdge, isPlain: boolean) => {
    const line = JSON.stringify(item);
    if (!isPlain) {
      lines.push(line);
      return;
    }
    plain++;
    for (let index = 0; index < line.length; index++)
      fingerprint = Math.imul(fingerprint ^ line.charCodeAt(index), 0x01000193) >>> 0;
  };
  for (const node of nodes)
    note(node, node.kind === 'service' && node.domain === null && node.state?.health === 'healthy');
  for (const edge of edges) note(edge, edge.kind === 'consumes' && edge.lag?.severity === 'ok');
  lines.push(`${plain} plain boxes and edges, fingerprint ${fingerprint.toString(16)}`);
  return lines;
}

describe('the graph of the sandbox’s fleet', () => {
  it.each([
    [100, false],
    [1000, true],
  ] as const)('at %i services (trouble: %s)', async (count, trouble) => {
    const lines = graphLines(platform(count, trouble));
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot(
      `__golden__/graph-${count}${trouble ? '-trouble' : ''}.txt`,
    );
  });
});
