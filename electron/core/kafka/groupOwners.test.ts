import { describe, expect, it } from 'vitest';
import { groupOwner } from './groupOwners';

const services = ['payment-service', 'payment', 'order-service', 'notification-service'];

describe('groupOwner', () => {
  it('prefers the config, then the name', () => {
    const sources = {
      configured: { 'billing-projector': 'payment-service', 'order-service': 'notification-service' },
      knownServices: () => services,
    };
    expect(groupOwner('billing-projector', sources)).toBe('payment-service');
    expect(groupOwner('order-service', sources)).toBe('notification-service');
    expect(groupOwner('audit-trail', sources)).toBeNull();
    expect(groupOwner('payment-service-dlq', sources)).toBe('payment-service');
    expect(groupOwner('constructor', sources)).toBeNull();
  });

  it('reads the fleet each time, so services that appear later are found', () => {
    const fleet: string[] = [];
    const sources = { knownServices: () => fleet };
    expect(groupOwner('inventory-service', sources)).toBeNull();
    fleet.push('inventory-service');
    expect(groupOwner('inventory-service', sources)).toBe('inventory-service');
  });
});
