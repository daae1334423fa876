import { parseFilter } from '../filterTerms';
import type { KeyedCollection } from '../live/keyedCollection';
import { windowedStreamEncoder, type WindowedShape, type WindowRequest } from '../live/windowedStream';
import type { MonitorEvent } from '../live/keyedStream';
import { fleetCollection } from './fleetDelta';
import type { ClusterStatus, FleetSnapshot, ServiceSummary } from './fleetModel';
import type { FleetWindowEvent } from './fleetWindowModel';
import { buildFleetView, countHealthByCluster, type FleetRow, type HealthCounts } from './fleetView';

/**
 * The services table's subscription (shared/live/windowedStream.ts): the rows it shows, the
 * selected service and its namesakes in other environments (what the actions compare), and
 * every cluster's health counts (its header, the status bar). Views that need the whole
 * fleet (the topology) subscribe to `fleet.updates` instead.
 */

type FleetCollection = KeyedCollection<ServiceSummary, ClusterStatus>;

/**
 * What every subscriber computes from the same published fleet, kept while that fleet's
 * services array lives: two pages (or a page and the CLI's watch) with the same filter
 * build the rows once, and the counts are counted once per publication.
 */
const viewsByFleet = new WeakMap<
  readonly ServiceSummary[],
  Map<string, { rows: FleetRow[]; matched: number }>
>();
const countsByFleet = new WeakMap<readonly ServiceSummary[], ReadonlyMap<string, HealthCounts>>();
const namesakesByFleet = new WeakMap<readonly ServiceSummary[], ReadonlyMap<string, ServiceSummary[]>>();

const fleetWindowShape: WindowedShape<FleetSnapshot, ServiceSummary, ClusterStatus, FleetRow, HealthCounts> =
  {
    spec: fleetCollection,
    collectionOf: (snapshot) => ({ groups: snapshot.clusters, items: snapshot.services }),
    withItems: (snapshot, services) => ({ ...snapshot, services }),
    view: (collection, { filter }) => {
      let views = viewsByFleet.get(collection.items);
      if (!views) {
        views = new Map<string, { rows: FleetRow[]; matched: number }>();
        viewsByFleet.set(collection.items, views);
      }
      const terms = parseFilter(filter);
      const key = terms.join(' ');
      let view = views.get(key);
      if (!view) {
        const built = buildFleetView(collection.groups, collection.items, terms);
        view = { rows: [...built.rows], matched: built.serviceKeys.length };
        views.set(key, view);
      }
      return view;
    },
    itemKeyOfRow: (row) => (row.kind === 'service' ? row.id : null),
    companions: (collection, key) => {
      const namesakes = namesakesOf(collection);
      const serviceName = key.slice(key.lastIndexOf('|') + 1);
      return (namesakes.get(serviceName) ?? []).map((service) => service.key);
    },
    counts: (collection) => {
      let counts = countsByFleet.get(collection.items);
      if (!counts) {
        counts = countHealthByCluster(collection.groups, collection.items);
        countsByFleet.set(collection.items, counts);
      }
      return counts;
    },
  };

export function fleetWindowEncoder(
  request: WindowRequest,
  current: () => FleetSnapshot,
): (event: MonitorEvent<FleetSnapshot, ServiceSummary, ClusterStatus>) => FleetWindowEvent[] {
  // The generic patch lets any field append; the stream's schema names the fields that do.
  return windowedStreamEncoder(fleetWindowShape, request, current) as (
    event: MonitorEvent<FleetSnapshot, ServiceSummary, ClusterStatus>,
  ) => FleetWindowEvent[];
}

function namesakesOf(collection: FleetCollection): ReadonlyMap<string, ServiceSummary[]> {
  let namesakes = namesakesByFleet.get(collection.items);
  if (!namesakes) {
    const byName = new Map<string, ServiceSummary[]>();
    for (const service of collection.items) {
      const list = byName.get(service.serviceName);
      if (list) list.push(service);
      else byName.set(service.serviceName, [service]);
    }
    namesakes = byName;
    namesakesByFleet.set(collection.items, namesakes);
  }
  return namesakes;
}
