import { compareText } from '../compareText';
import type { DrainEta, GroupLagSummary } from './kafkaModel';
import { lagSeverityRank } from './lagSeverity';

export const lagSortKeys = ['status', 'lag', 'lagSeconds', 'eta', 'name'] as const;
export type LagSortKey = (typeof lagSortKeys)[number];

export interface LagSort {
  key: LagSortKey;
  /** Worst, largest or longest first; for names, Z to A. */
  descending: boolean;
}

/** Worst severity first (the worse of Burrow's status and the findings), the most lag first among equals in trouble, groups that are OK by name. */
export const defaultLagSort: LagSort = { key: 'status', descending: true };

/** Clicking a new column sorts it the useful way round; clicking it again turns it over. */
export function toggleSort(current: LagSort, key: LagSortKey): LagSort {
  if (current.key === key) return { key, descending: !current.descending };
  return { key, descending: key !== 'name' };
}

/**
 * A number to order by, or null for "not known", which always sorts last whatever the
 * direction: a group still measuring is neither the best nor the worst.
 */
function measure(group: GroupLagSummary, key: Exclude<LagSortKey, 'status' | 'name'>): number | null {
  switch (key) {
    case 'lag':
      return group.totalLag;
    case 'lagSeconds':
      return group.totalLag === 0 ? 0 : group.lagSeconds;
    case 'eta':
      return etaRank(group.eta);
  }
}

/** Caught up drains soonest, then by time, then never; unknown has no place. */
function etaRank(eta: DrainEta): number | null {
  switch (eta.kind) {
    case 'caught-up':
      return 0;
    case 'eta':
      return eta.seconds;
    case 'never':
      return Number.POSITIVE_INFINITY;
    case 'unknown':
      return null;
  }
}

/** By group id, then cluster: the tie-breaker of every sort, so equal rows never swap places. */
function compareNames(a: GroupLagSummary, b: GroupLagSummary): number {
  return compareText(a.groupId, b.groupId) || compareText(a.kafkaCluster, b.kafkaCluster);
}

export function compareGroups(sort: LagSort): (a: GroupLagSummary, b: GroupLagSummary) => number {
  const direction = sort.descending ? -1 : 1;
  switch (sort.key) {
    case 'name':
      return (a, b) => direction * compareNames(a, b);
    case 'status':
      // Among groups that are OK, lag is a few messages in flight that changes at every
      // refresh: ordering them by it would move healthy rows about the table (and in and out
      // of the page's window) for nothing, so they keep the order of their names.
      return (a, b) =>
        direction * (lagSeverityRank(a.severity) - lagSeverityRank(b.severity)) ||
        (a.severity === 'ok' ? 0 : direction * (a.totalLag - b.totalLag)) ||
        compareNames(a, b);
    default: {
      const key = sort.key;
      return (a, b) => {
        const left = measure(a, key);
        const right = measure(b, key);
        if (left === null || right === null) {
          if (left === right) return compareNames(a, b);
          return left === null ? 1 : -1;
        }
        if (left === right) return compareNames(a, b);
        return direction * (left < right ? -1 : 1);
      };
    }
  }
}
