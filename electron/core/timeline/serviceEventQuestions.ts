import type { ServiceEvent, ServiceSummary } from '../../../shared/fleet/fleetModel';
import type { TimelineEntry } from '../../../shared/timeline/timelineModel';
import { serviceEventEntry } from './fleetChanges';

/**
 * Every recent ECS event of a service in trouble. The fleet's summaries carry only the
 * newest event per poll, and during a failing deployment ECS writes several between two
 * polls — "failed container health checks" followed by "has started 1 tasks" — so the
 * newest alone would hide why. The events of services deploying, degraded or failed are
 * read in full (DescribeServices keeps the last 100); the entries' ids are the ones the
 * newest-event entries have, so nothing is recorded twice.
 */

export interface ServiceEventSource {
  serviceDetails(
    clusterName: string,
    serviceName: string,
    options?: { signal?: AbortSignal },
  ): Promise<{ events: readonly ServiceEvent[] }>;
}

export function serviceEventsQuestion(
  source: ServiceEventSource,
  windowStart: () => number,
  onEntries: (entries: TimelineEntry[]) => void,
): (service: ServiceSummary, signal: AbortSignal) => Promise<void> {
  return async (service, signal) => {
    const details = await source.serviceDetails(service.clusterName, service.serviceName, { signal });
    const since = windowStart();
    const entries = details.events
      .filter((event) => event.createdAt >= since)
      .map((event) => serviceEventEntry(service, event));
    if (entries.length > 0 && !signal.aborted) onEntries(entries);
  };
}
