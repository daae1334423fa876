import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { MetricsSnapshot, ServiceMetrics } from '../../../shared/metrics/metricsModel';
import {
  neverRead,
  serviceTrends,
  trendsWithoutData,
  type ServiceTrends,
  type Trend,
  type TrendName,
} from '../../../shared/metrics/serviceTrends';
import { sparklineSegments } from '../app/sparklineSegments';

/**
 * The services table's sparklines: each held service's trends, by key. A row reads its own
 * entry with one selector; an answer that leaves a service's figures as they were keeps its
 * entry's object, so only rows whose figures moved draw again.
 */

export interface RowTrends {
  trends: ServiceTrends;
  /**
   * Each line's polylines in the row's box, worked out when the figures come rather than when
   * a row is drawn, so scrolling new rows into view draws without computing.
   */
  segments: Readonly<Record<TrendName, readonly string[]>>;
  /** Why the figures may be old (the environment's CloudWatch could not be read), or null. */
  staleReason: string | null;
  /** The figures it was drawn from; undefined when main has none for the service. */
  source: ServiceMetrics | undefined;
}

interface ServiceTrendsState {
  byKey: ReadonlyMap<string, RowTrends>;
  receive(answer: MetricsSnapshot, keys: readonly string[]): void;
}

export type ServiceTrendsStore = StoreApi<ServiceTrendsState>;

export function createServiceTrendsStore(): ServiceTrendsStore {
  return createStore<ServiceTrendsState>()((set, get) => ({
    byKey: new Map(),
    receive: (answer, keys) => set({ byKey: nextTrends(get().byKey, answer, keys) }),
  }));
}

function nextTrends(
  held: ReadonlyMap<string, RowTrends>,
  answer: MetricsSnapshot,
  keys: readonly string[],
): ReadonlyMap<string, RowTrends> {
  const answered = new Map(answer.services.map((service) => [service.key, service]));
  const staleReasons = new Map(
    answer.environments
      .filter((environment) => environment.state !== 'ok')
      .map((environment) => [
        environment.environment,
        environment.error
          ? `CloudWatch could not be read: ${environment.error.message}`
          : 'not read from CloudWatch yet',
      ]),
  );
  const next = new Map<string, RowTrends>();
  // Before main's first read nothing is known missing: rows wait rather than say "no data".
  if (neverRead(answer)) return next;
  for (const key of keys) {
    const source = answered.get(key);
    const staleReason = source ? (staleReasons.get(source.environment) ?? null) : null;
    const before = held.get(key);
    if (before && sameFigures(before.source, source) && before.staleReason === staleReason) {
      next.set(key, before);
      continue;
    }
    const trends = source ? serviceTrends(source) : trendsWithoutData;
    next.set(key, { trends, segments: segmentsOf(trends), staleReason, source });
  }
  return next;
}

/** The size of a row's sparkline. */
export const trendBox = { width: 44, height: 20, inset: 2 };

function segmentsOf(trends: ServiceTrends): Record<TrendName, readonly string[]> {
  const lines = (trend: Trend) =>
    trend.kind === 'line' ? sparklineSegments(trend.values, trendBox, trend.smallestTop) : [];
  return {
    errorRate: lines(trends.errorRate),
    p99: lines(trends.p99),
    cpu: lines(trends.cpu),
    memory: lines(trends.memory),
  };
}

function sameFigures(a: ServiceMetrics | undefined, b: ServiceMetrics | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.observedAt === b.observedAt && a.firstMinute === b.firstMinute;
}

export const ServiceTrendsContext = createContext<ServiceTrendsStore | null>(null);

const noTrends = createServiceTrendsStore();

/** One service's trends; undefined until main has answered for it. */
export function useServiceTrends(serviceKey: string): RowTrends | undefined {
  return useStore(useContext(ServiceTrendsContext) ?? noTrends, (state) => state.byKey.get(serviceKey));
}
