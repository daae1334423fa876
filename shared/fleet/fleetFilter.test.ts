import { describe, expect, it } from 'vitest';
import type { ServiceSummary } from './fleetModel';
import { parseFilter } from '../filterTerms';
import { serviceMatchesFilter } from './fleetFilter';

const payments = {
  serviceName: 'payments-api',
  clusterName: 'flarenet-production',
  environment: 'production',
  health: 'degraded',
} as ServiceSummary;

function matches(text: string): boolean {
  return serviceMatchesFilter(payments, parseFilter(text));
}

describe('fleet filter', () => {
  it('matches everything when empty or blank', () => {
    expect(parseFilter('   ')).toEqual([]);
    expect(matches('')).toBe(true);
  });

  it('matches service, cluster, environment and health word, ignoring case', () => {
    expect(matches('PAYMENTS')).toBe(true);
    expect(matches('flarenet-prod')).toBe(true);
    expect(matches('production')).toBe(true);
    expect(matches('degraded')).toBe(true);
    expect(matches('orders')).toBe(false);
    expect(matches('failed')).toBe(false);
  });

  it('requires every word to match some field', () => {
    expect(matches('prod degr')).toBe(true);
    expect(matches('payments   staging')).toBe(false);
  });
});
