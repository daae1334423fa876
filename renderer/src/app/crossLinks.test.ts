import { describe, expect, it } from 'vitest';
import type { ServiceSummary } from '../../../shared/fleet/fleetModel';
import { findOwnerService } from './crossLinks';

function service(environment: string, serviceName: string): ServiceSummary {
  return { key: `${environment}|${serviceName}`, environment, serviceName } as ServiceSummary;
}

describe('owner service of a consumer group', () => {
  const fleet = [
    service('staging', 'payment-service'),
    service('production', 'payment-service'),
    service('production', 'order-service'),
  ];

  it('prefers the service in the Kafka cluster’s environment', () => {
    expect(findOwnerService(fleet, 'payment-service', 'production')?.key).toBe('production|payment-service');
    expect(findOwnerService(fleet, 'payment-service', 'staging')?.key).toBe('staging|payment-service');
  });

  it('falls back to the first service of that name, and to nothing when the fleet lacks it', () => {
    expect(findOwnerService(fleet, 'order-service', 'staging')?.key).toBe('production|order-service');
    expect(findOwnerService(fleet, 'payment-service', null)?.key).toBe('staging|payment-service');
    expect(findOwnerService(fleet, 'billing-service', 'production')).toBeUndefined();
  });
});
