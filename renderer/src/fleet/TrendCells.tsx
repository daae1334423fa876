import { trendNames } from '../../../shared/metrics/serviceTrends';
import { trendColumnClass } from './trendColumns';
import { useServiceTrends } from './serviceTrendsStore';
import { TrendCell } from './TrendCell';

const noSegments: readonly string[] = [];

/** A service's sparklines in its row: error rate, p99 latency, CPU and memory. */
export function TrendCells({ serviceKey }: { serviceKey: string }) {
  const trends = useServiceTrends(serviceKey);
  return trendNames.map((name) => (
    <TrendCell
      key={name}
      name={name}
      trend={trends?.trends[name]}
      segments={trends?.segments[name] ?? noSegments}
      staleReason={trends?.staleReason ?? null}
      className={trendColumnClass[name]}
    />
  ));
}
