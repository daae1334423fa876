import type { DrainEta, GroupLagSummary, LagTrend } from '../../../shared/kafka/kafkaModel';
import { formatCount } from '../../../shared/kafka/lagWords';
import { compactDuration } from '../../../shared/time/durationText';
import { trendPresentation } from '../../../shared/kafka/lagPresentation';

/** "4m 12s behind"; "not behind" with nothing to consume; "lag unknown" when the offsets could not be read; "—" while main cannot tell yet. */
export function describeLagSeconds(
  group: Pick<GroupLagSummary, 'lagSeconds' | 'totalLag'> & Partial<Pick<GroupLagSummary, 'lagUnknown'>>,
): string {
  if (group.lagUnknown) return 'lag unknown';
  if (group.totalLag === 0) return 'not behind';
  if (group.lagSeconds === null) return '—';
  if (group.lagSeconds < 1) return '<1s behind';
  return `${compactDuration(group.lagSeconds * 1000)} behind`;
}

/** "drains in 2m 10s", "never", "caught up", "measuring…". */
export function describeEta(eta: DrainEta): string {
  switch (eta.kind) {
    case 'caught-up':
      return 'caught up';
    case 'eta':
      return eta.seconds < 1 ? 'drains in <1s' : `drains in ${compactDuration(eta.seconds * 1000)}`;
    case 'never':
      return 'never';
    case 'unknown':
      return 'measuring…';
  }
}

export function explainEta(eta: DrainEta): string {
  switch (eta.kind) {
    case 'caught-up':
      return 'No lag left to drain.';
    case 'eta':
      return 'At the current consume and produce rates.';
    case 'never':
      return 'The group consumes no faster than producers write: the lag will not drain at this rate.';
    case 'unknown':
      return 'Not enough history yet to estimate.';
  }
}

/** "↗ growing". */
export function describeTrend(trend: LagTrend): string {
  const { glyph, word } = trendPresentation[trend];
  return `${glyph} ${word}`;
}

/** "12 345 on payment-events/2". */
export function describeMaxLag(maxLag: GroupLagSummary['maxLag']): string {
  if (!maxLag) return '—';
  return `${formatCount(maxLag.lag)} on ${maxLag.topic}/${maxLag.partition}`;
}

/** "120/s"; rates below 10 keep one decimal so a slow consumer does not read as 0. */
export function formatRate(perSecond: number | null): string {
  if (perSecond === null) return '—';
  if (perSecond < 10) return `${Math.round(perSecond * 10) / 10}/s`;
  return `${formatCount(Math.round(perSecond))}/s`;
}

/** Kafka's group state, short enough for a column: both rebalance phases read "rebalancing". */
export function describeGroupState(state: string): string {
  return state === 'PreparingRebalance' || state === 'CompletingRebalance' ? 'rebalancing' : state;
}
