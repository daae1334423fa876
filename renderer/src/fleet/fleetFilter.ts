import type { ServiceSummary } from '../../../shared/fleet/model';
import { healthPresentation } from './healthPresentation';

/**
 * The filter box takes words separated by spaces; a service is shown when every word
 * appears (case-insensitively) in its name, cluster, environment or health word, so
 * "prod fail" narrows to failing services in production.
 */
export function parseFilter(text: string): string[] {
  return text
    .toLowerCase()
    .split(/\s+/)
    .filter((term) => term.length > 0);
}

export function serviceMatchesFilter(service: ServiceSummary, terms: readonly string[]): boolean {
  if (terms.length === 0) return true;
  const fields = [
    service.serviceName.toLowerCase(),
    service.clusterName.toLowerCase(),
    service.environment.toLowerCase(),
    healthPresentation[service.health].label,
  ];
  return terms.every((term) => fields.some((field) => field.includes(term)));
}
