import { parseFilter } from '../filterTerms';
import { windowedStreamEncoder, type WindowedShape, type WindowRequest } from '../live/windowedStream';
import type { MonitorEvent } from '../live/keyedStream';
import { lagCollection } from './lagDelta';
import type { GroupLagSummary, KafkaClusterStatus, LagSnapshot } from './kafkaModel';
import { buildLagView, countSeveritiesByCluster, type GroupSeverityCounts, type LagRow } from './lagRows';
import { lagSortOf, lagSortText, type LagWindowEvent } from './lagWindowModel';

/**
 * The lag table's subscription (shared/live/windowedStream.ts), as the services table's
 * (shared/fleet/fleetWindow.ts): the rows it shows in the order it asks for, the selected
 * group, and every Kafka cluster's counts by severity. The topology and a service's panel,
 * which read every group, subscribe to `kafka.lagUpdates` instead.
 */

/** As the fleet's: what every subscriber computes from one publication is computed once. */
const viewsByLag = new WeakMap<
  readonly GroupLagSummary[],
  Map<string, { rows: LagRow[]; matched: number }>
>();
const countsByLag = new WeakMap<readonly GroupLagSummary[], ReadonlyMap<string, GroupSeverityCounts>>();

const lagWindowShape: WindowedShape<
  LagSnapshot,
  GroupLagSummary,
  KafkaClusterStatus,
  LagRow,
  GroupSeverityCounts
> = {
  spec: lagCollection,
  collectionOf: (snapshot) => ({ groups: snapshot.clusters, items: snapshot.groups }),
  withItems: (snapshot, groups) => ({ ...snapshot, groups }),
  view: (collection, { filter, sort }) => {
    let views = viewsByLag.get(collection.items);
    if (!views) {
      views = new Map<string, { rows: LagRow[]; matched: number }>();
      viewsByLag.set(collection.items, views);
    }
    const terms = parseFilter(filter);
    const order = lagSortOf(sort);
    const key = `${lagSortText(order)} ${terms.join(' ')}`;
    let view = views.get(key);
    if (!view) {
      const built = buildLagView(collection.groups, collection.items, terms, order);
      view = { rows: [...built.rows], matched: built.groupKeys.length };
      views.set(key, view);
    }
    return view;
  },
  itemKeyOfRow: (row) => (row.kind === 'group' ? row.id : null),
  companions: () => [],
  counts: (collection) => {
    let counts = countsByLag.get(collection.items);
    if (!counts) {
      counts = countSeveritiesByCluster(collection.groups, collection.items);
      countsByLag.set(collection.items, counts);
    }
    return counts;
  },
};

export function lagWindowEncoder(
  request: WindowRequest,
  current: () => LagSnapshot,
): (event: MonitorEvent<LagSnapshot, GroupLagSummary, KafkaClusterStatus>) => LagWindowEvent[] {
  // The generic patch lets any field append; the stream's schema names the fields that do.
  return windowedStreamEncoder(lagWindowShape, request, current) as (
    event: MonitorEvent<LagSnapshot, GroupLagSummary, KafkaClusterStatus>,
  ) => LagWindowEvent[];
}
