import { spokenDuration } from '../time/durationText';
import type { ClusterStatus } from './fleetModel';

/**
 * How often a cluster is really polled, in words for its header: the interval asked for only
 * when the last polls were about that far apart, otherwise what they achieved beside what
 * was asked. Nothing here promises a cadence the polls did not keep.
 */
export function pollCadenceText(
  cluster: Pick<ClusterStatus, 'lastSuccessAt' | 'pollIntervalMs' | 'achievedIntervalMs'>,
): string {
  if (cluster.lastSuccessAt === null) return 'not polled yet';
  const asked = spokenDuration(cluster.pollIntervalMs);
  const achieved = cluster.achievedIntervalMs;
  if (achieved === null) return `polled once so far (asked every ${asked})`;
  if (achieved <= keptIntervalMs(cluster.pollIntervalMs)) return `polled every ${asked}`;
  return `polled every ${spokenDuration(achieved, { finestUnit: 'second' })} (asked ${asked})`;
}

/** The longest gap that still counts as keeping an interval: timer jitter and a poll's own start-up. */
function keptIntervalMs(intervalMs: number): number {
  return intervalMs * 1.2 + 500;
}
