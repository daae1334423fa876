import type { ServiceSummary } from './fleetModel';
import { matchesEveryTerm } from '../filterTerms';

/** A service matches when every filter word is in its name, cluster, environment or health word. */
export function serviceMatchesFilter(service: ServiceSummary, terms: readonly string[]): boolean {
  if (terms.length === 0) return true;
  return matchesEveryTerm(
    [
      service.serviceName.toLowerCase(),
      service.clusterName.toLowerCase(),
      service.environment.toLowerCase(),
      service.health,
    ],
    terms,
  );
}
