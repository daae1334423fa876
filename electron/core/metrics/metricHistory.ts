import type { MetricPoint } from '../../../shared/metrics/metricsModel';
import { deepEqual } from '../../../shared/deepEqual';

/**
 * Merges the points of a read into a service's kept history: a minute read again takes the
 * figures read now (CloudWatch may complete a recent minute late), a minute not read again
 * keeps what it had, and minutes before `keepFrom` fall off. The history stays oldest first,
 * and is the very same array when nothing changed, so an unchanged service is not sent.
 * New minutes at the end and old ones off the start cross to the page as an append.
 */
export function mergeHistory(
  history: readonly MetricPoint[],
  read: ReadonlyMap<number, MetricPoint> | undefined,
  keepFrom: number,
): readonly MetricPoint[] {
  const firstKept = history.findIndex((point) => point.at >= keepFrom);
  const trimmed = firstKept < 0 ? history.length : firstKept;
  if (!read || read.size === 0) return trimmed === 0 ? history : history.slice(trimmed);
  const byMinute = new Map<number, MetricPoint>();
  for (const point of history.slice(trimmed)) byMinute.set(point.at, point);
  let changed = trimmed > 0;
  for (const [minute, point] of read) {
    if (minute < keepFrom) continue;
    const old = byMinute.get(minute);
    const merged = old ? { ...old, ...point } : point;
    if (old && deepEqual(old, merged)) continue;
    byMinute.set(minute, merged);
    changed = true;
  }
  if (!changed) return history;
  return [...byMinute.values()].sort((a, b) => a.at - b.at);
}
