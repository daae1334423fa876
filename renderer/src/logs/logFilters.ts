import type { LogLevel } from '../../../shared/logs/logModel';

/**
 * What the logs view narrows to on the page, and where it is pointed. The filter pattern is
 * CloudWatch's and applies in main; the level applies here, to the lines already held.
 */

export type MinimumLevel = 'ALL' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export const minimumLevels: readonly { value: MinimumLevel; label: string }[] = [
  { value: 'ALL', label: 'All levels' },
  { value: 'DEBUG', label: 'DEBUG and above' },
  { value: 'INFO', label: 'INFO and above' },
  { value: 'WARN', label: 'WARN and above' },
  { value: 'ERROR', label: 'ERROR only' },
];

/** Lines without a level word (a stack trace's later lines, plain prints) rank as INFO. */
const rank: Record<LogLevel, number> = { TRACE: 0, DEBUG: 1, UNKNOWN: 2, INFO: 2, WARN: 3, ERROR: 4 };
const minimumRank: Record<MinimumLevel, number> = { ALL: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4 };

export function meetsLevel(level: LogLevel, minimum: MinimumLevel): boolean {
  return rank[level] >= minimumRank[minimum];
}

export function isMinimumLevel(value: string | null): value is MinimumLevel {
  return minimumLevels.some((level) => level.value === value);
}

/** The service the view tails, from `#/logs?cluster=…&service=…`. */
export interface LogTarget {
  cluster: string;
  service: string;
}

export function logTargetFromQuery(query: URLSearchParams): LogTarget | null {
  const cluster = query.get('cluster');
  const service = query.get('service');
  return cluster && service ? { cluster, service } : null;
}

export function queryForLogs(target: LogTarget | null, level: MinimumLevel = 'ALL'): URLSearchParams {
  const query = new URLSearchParams();
  if (target) {
    query.set('cluster', target.cluster);
    query.set('service', target.service);
  }
  if (level !== 'ALL') query.set('level', level);
  return query;
}
