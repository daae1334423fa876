/**
 * The parts of the page that are chunks of their own. The first screen (the bars and the
 * services table) is in the page's first chunk; every other view, the service details and the
 * action dialog load when first drawn, or earlier while the page is idle after it starts, so
 * switching to them is instant. Measured by `npm run bench -- --bundle-only`.
 */
import { useEffect } from 'react';
import { lazyPart, type LazyPart } from './lazyPart';

export const topologyView = lazyPart('the Topology view', () =>
  import('../topology/TopologyView').then((module) => module.TopologyView),
);
export const lagView = lazyPart('the Lag view', () =>
  import('../kafka/LagView').then((module) => module.LagView),
);
export const logsView = lazyPart('the Logs view', () =>
  import('../logs/LogsView').then((module) => module.LogsView),
);
export const timelineView = lazyPart('the Timeline view', () =>
  import('../timeline/TimelineView').then((module) => module.TimelineView),
);
export const auditView = lazyPart('the Audit view', () =>
  import('../audit/AuditView').then((module) => module.AuditView),
);
export const overviewView = lazyPart('the Overview', () =>
  import('../overview/OverviewView').then((module) => module.OverviewView),
);
export const serviceDetails = lazyPart('the service details', () =>
  import('../fleet/ServiceDetailPanel').then((module) => module.ServiceDetailPanel),
);
export const actionDialog = lazyPart('the action dialog', () =>
  import('../actions/ActionDialog').then((module) => module.ActionDialog),
);
export const commandPalette = lazyPart('the command palette', () =>
  import('../palette/CommandPalette').then((module) => module.CommandPalette),
);
export const shortcutsOverlay = lazyPart('the list of keys', () =>
  import('../palette/ShortcutsOverlay').then((module) => module.ShortcutsOverlay),
);

/** The lazy parts in the order they are fetched ahead of use: the front page and the busiest first. */
const prefetchOrder: readonly Pick<LazyPart<unknown>, 'preload'>[] = [
  topologyView,
  serviceDetails,
  actionDialog,
  lagView,
  logsView,
  timelineView,
  auditView,
  overviewView,
  commandPalette,
  shortcutsOverlay,
];

/**
 * Fetches every lazy part, one per idle moment of the page, once it has drawn its first
 * screen: the next view opened is already there, and the first screen did not wait for it.
 */
export function usePrefetchWhenIdle(): void {
  useEffect(() => {
    let handle = 0;
    let cancelled = false;
    const fetchFrom = (index: number) => {
      const part = prefetchOrder[index];
      if (!part || cancelled) return;
      handle = requestIdleCallback(() => {
        void part.preload().then(() => fetchFrom(index + 1));
      });
    };
    fetchFrom(0);
    return () => {
      cancelled = true;
      cancelIdleCallback(handle);
    };
  }, []);
}
