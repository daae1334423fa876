import { z } from 'zod';
import { parseFilter } from '../filterTerms';
import { windowedStreamEncoder, type WindowedShape, type WindowRequest } from '../live/windowedStream';
import type { MonitorEvent } from '../live/keyedStream';
import { lagCollection } from './lagDelta';
import {
  lagPatchSchema,
  lagSnapshotSchema,
  type GroupLagSummary,
  type KafkaClusterStatus,
  type LagSnapshot,
} from './kafkaModel';
import { buildLagView, countSeveritiesByCluster, type GroupSeverityCounts, type LagRow } from './lagRows';
import { defaultLagSort, lagSortKeys, type LagSort } from './lagSort';

/**
 * The lag table's subscription (shared/live/windowedStream.ts), as the services table's
 * (shared/fleet/fleetWindow.ts): the rows it shows in the order it asks for, the selected
 * group, and every Kafka cluster's counts by severity. The topology and a service's panel,
 * which read every group, subscribe to `kafka.lagUpdates` instead.
 */

/** Rows the lag table asks for around what it shows. */
export const lagWindowRows = 240;

const lagRowSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cluster'), id: z.string(), clusterName: z.string() }),
  z.object({ kind: z.literal('group'), id: z.string() }),
]);

const severityCountsSchema = z.object({
  ok: z.number().int(),
  unknown: z.number().int(),
  warn: z.number().int(),
  error: z.number().int(),
});

const lagWindowPlacementSchema = z.object({
  offset: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  matched: z.number().int().nonnegative(),
  rows: z.array(lagRowSchema),
});

const clusterCountsSchema = z.object({ group: z.string(), counts: severityCountsSchema });

export const lagWindowEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('snapshot'),
    snapshot: lagSnapshotSchema,
    window: lagWindowPlacementSchema,
    counts: z.array(clusterCountsSchema),
  }),
  z.object({
    type: z.literal('delta'),
    delta: lagPatchSchema,
    window: lagWindowPlacementSchema.optional(),
    counts: z.array(clusterCountsSchema).optional(),
  }),
]);
export type LagWindowEvent = z.infer<typeof lagWindowEventSchema>;

/** A sort as the request carries it: "lag:desc". */
export function lagSortText(sort: LagSort): string {
  return `${sort.key}:${sort.descending ? 'desc' : 'asc'}`;
}

/** The request's sort, or the table's usual one for text that names none. */
export function lagSortOf(text: string | undefined): LagSort {
  const [key, direction] = (text ?? '').split(':');
  const known = lagSortKeys.find((candidate) => candidate === key);
  if (!known || (direction !== 'asc' && direction !== 'desc')) return defaultLagSort;
  return { key: known, descending: direction === 'desc' };
}

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
