import { isProductionEnvironment } from '../../../shared/actions/productionEnvironment';

/**
 * What the topology view is set to show. It lives in the hash (`#/topology?env=production&
 * collapse=1`), so a wall screen pointed at a URL keeps it across reloads; the last choice
 * is also remembered for a plain `#/topology`.
 */
export interface TopologyViewOptions {
  /** null: the default environment (see `chooseEnvironment`). */
  environment: string | null;
  collapseHealthy: boolean;
  groupByDomain: boolean;
  /** Every box, even on a platform too large for one screen (otherwise its problem view). */
  all: boolean;
}

export const defaultTopologyOptions: TopologyViewOptions = {
  environment: null,
  collapseHealthy: false,
  groupByDomain: false,
  all: false,
};

const keys = {
  environment: 'env',
  collapseHealthy: 'collapse',
  groupByDomain: 'domains',
  all: 'all',
} as const;

/** Whether the query says anything about the topology: otherwise the remembered options apply. */
export function hasTopologyOptions(query: URLSearchParams): boolean {
  return Object.values(keys).some((key) => query.has(key));
}

export function optionsFromQuery(query: URLSearchParams): TopologyViewOptions {
  const flag = (key: string) => {
    const value = query.get(key);
    return value === '1' || value === 'true' || value === 'yes';
  };
  const environment = query.get(keys.environment);
  return {
    environment: environment === null || environment === '' ? null : environment,
    collapseHealthy: flag(keys.collapseHealthy),
    groupByDomain: flag(keys.groupByDomain),
    all: flag(keys.all),
  };
}

export function queryFromOptions(options: TopologyViewOptions): URLSearchParams {
  const query = new URLSearchParams();
  if (options.environment !== null) query.set(keys.environment, options.environment);
  if (options.collapseHealthy) query.set(keys.collapseHealthy, '1');
  if (options.groupByDomain) query.set(keys.groupByDomain, '1');
  if (options.all) query.set(keys.all, '1');
  return query;
}

/** Remembered options, as stored: anything unreadable is the defaults. */
export function optionsFromStorage(text: string | null): TopologyViewOptions {
  if (text === null) return defaultTopologyOptions;
  try {
    return optionsFromQuery(new URLSearchParams(JSON.parse(text) as string));
  } catch {
    return defaultTopologyOptions;
  }
}

export function optionsForStorage(options: TopologyViewOptions): string {
  return JSON.stringify(queryFromOptions(options).toString());
}

/**
 * The environment drawn: the one asked for when the fleet has it; otherwise production
 * (what a front page is for), otherwise the first.
 */
export function chooseEnvironment(requested: string | null, available: readonly string[]): string | null {
  if (requested !== null && available.includes(requested)) return requested;
  return available.find((name) => isProductionEnvironment(name)) ?? available[0] ?? null;
}
