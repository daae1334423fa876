import { useQuery } from '@tanstack/react-query';
import type { FleetSnapshot } from '../../../shared/fleet/fleetModel';
import { useMemo, useState } from 'react';
import { topologyGetSpec } from '../../../shared/ipc/topology';
import { TopologyGraphBuilder, topologyEnvironments } from '../../../shared/topology/graphFromData';
import { fullBoxCount, problemViewApplies } from '../../../shared/topology/problemView';
import { emptyTopologySpec, type TopologyGraph } from '../../../shared/topology/topologyModel';
import { summaryParts } from '../../../shared/topology/topologyProblems';
import { useConsoleClient } from '../app/consoleClientContext';
import { describeError } from '../app/errorText';
import { queryKeys } from '../app/queryKeys';
import { chooseEnvironment, type TopologyViewOptions } from './topologyOptions';
import { useWholeCollection } from '../app/useWholeCollection';
import { fleetCollection } from '../fleet/fleetStore';
import { lagCollection } from '../kafka/lagStore';
import { fleetUpdates } from '../../../shared/ipc/fleet';
import { metricsUpdates } from '../../../shared/ipc/metrics';
import { metricsCollection } from '../fleet/metricsCollection';
import { kafkaLagUpdates } from '../../../shared/ipc/kafka';

/**
 * The graph of the chosen environment, live. The fleet and lag stores deliver a new state
 * every few seconds in which what did not change keeps its object; one builder for the
 * view's life turns that into a graph at the cost of what changed (graphFromData.ts): the
 * same nodes and edges lists while nothing drawn changed, a new box only for a service
 * whose values did.
 */
export function useTopologyGraph(options: TopologyViewOptions): {
  fleet: FleetSnapshot | null;
  graph: TopologyGraph | null;
  environments: string[];
  environment: string | null;
  specError: string | null;
  waiting: string | null;
} {
  const client = useConsoleClient();
  const fleet = useWholeCollection(fleetUpdates, fleetCollection);
  const lag = useWholeCollection(kafkaLagUpdates, lagCollection);
  // CloudWatch's figures for the boxes' 5XX share, p99 and alarms: null until they come, and
  // the diagram is drawn without them meanwhile.
  const metrics = useWholeCollection(metricsUpdates, metricsCollection);
  const spec = useQuery({
    queryKey: queryKeys.topologySpec(),
    queryFn: ({ signal }) => client.request(topologyGetSpec, {}, { signal }),
    staleTime: Infinity,
  });
  const environments = useMemo(() => (fleet ? topologyEnvironments(fleet) : []), [fleet]);
  const environment = chooseEnvironment(options.environment, environments);
  // Without the spec the diagram still shows the services and what Kafka says about them.
  const effectiveSpec = spec.data ?? (spec.isError ? emptyTopologySpec : null);
  const [builder] = useState(() => new TopologyGraphBuilder());
  const graph = useMemo(
    () =>
      fleet && effectiveSpec && environment !== null
        ? builder.build({ fleet, lag, spec: effectiveSpec, environment, metrics })
        : null,
    [builder, fleet, lag, effectiveSpec, environment, metrics],
  );
  const waiting = !fleet
    ? 'Waiting for the fleet…'
    : !effectiveSpec
      ? 'Reading the topology…'
      : environment === null
        ? 'No services in the fleet: nothing to draw.'
        : null;
  return {
    fleet,
    graph,
    environments,
    environment,
    specError: spec.isError ? describeError(spec.error) : null,
    waiting,
  };
}

/**
 * What the toolbar says of the whole graph: passes over every node, made again only when
 * the builder gave new nodes or edges, not for each update that only moved the data's time.
 */
export function useGraphFacts(graph: TopologyGraph | null): {
  large: boolean;
  boxes: number;
  summary: string | null;
} {
  const nodes = graph?.nodes;
  const edges = graph?.edges;
  return useMemo(() => {
    if (!nodes || !edges) return { large: false, boxes: 0, summary: null };
    const shape = { nodes, edges };
    return {
      large: problemViewApplies(shape),
      boxes: fullBoxCount(shape),
      summary: summaryParts(shape).join(' · '),
    };
  }, [nodes, edges]);
}
