import { useEffect, useMemo } from 'react';
import { metricsForServicesLimit } from '../../../shared/metrics/metricFigures';
import { useFleet } from './fleetStoreContext';
import type { ServiceTrendsStore } from './serviceTrendsStore';
import { useServiceMetrics } from './useServiceMetrics';

/** Asks main for the metrics of the services the page holds, and hands them to the rows. */
export function ServiceMetricsFeed({ store }: { store: ServiceTrendsStore }) {
  const services = useFleet((state) => state.services);
  const keys = useMemo(() => [...services.keys()].sort().slice(0, metricsForServicesLimit), [services]);
  const answer = useServiceMetrics(keys);
  useEffect(() => {
    if (answer.data) store.getState().receive(answer.data, keys);
  }, [answer.data, keys, store]);
  return null;
}
