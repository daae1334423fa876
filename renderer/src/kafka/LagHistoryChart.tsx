import { memo, useMemo } from 'react';
import type { LagPoint } from '../../../shared/kafka/kafkaModel';
import { formatCount } from '../../../shared/kafka/lagWords';
import { HistoryChart } from '../app/HistoryChart';

/**
 * The group's total lag over its recent history. Its own chunk: recharts loads only when a
 * group's details open (see GroupDetailPanel).
 */
export const LagHistoryChart = memo(function LagHistoryChart({ history }: { history: readonly LagPoint[] }) {
  const points = useMemo(() => history.map((point) => ({ at: point.at, value: point.totalLag })), [history]);
  return (
    <HistoryChart
      points={points}
      format={formatCount}
      seriesName="total lag"
      className="lag-history-chart"
      testId="lag-history-chart"
    />
  );
});
