import { describe, expect, it } from 'vitest';
import { groupOwnerByName, resolveGroupOwner, taggedGroupsOf } from './groupOwners';

const services = ['payment-service', 'payment', 'order-service', 'notification-service'];

describe('groupOwnerByName', () => {
  it.each([
    ['payment-service', 'payment-service'],
    ['payment-service-replay', 'payment-service'],
    ['payment-service.v2', 'payment-service'],
    ['payment-reconciler', 'payment'],
    ['order-service', 'order-service'],
    ['order-servicex', null],
    ['analytics-service', null],
    ['service', null],
  ])('%s → %s', (groupId, owner) => {
    expect(groupOwnerByName(groupId, services)).toBe(owner);
  });
});

describe('resolveGroupOwner', () => {
  const sources = {
    configured: { 'billing-projector': 'payment-service', 'order-service': 'notification-service' },
    taggedGroups: taggedGroupsOf([
      ['order-service', { 'flarenet:groups': 'audit-trail/payment-service-dlq' }],
      ['payment-service', {}],
    ]),
    services,
  };

  it('takes the config first, then the flarenet:groups tag, then the name', () => {
    expect(resolveGroupOwner('billing-projector', sources)).toEqual({
      service: 'payment-service',
      source: 'config',
    });
    expect(resolveGroupOwner('order-service', sources)).toEqual({
      service: 'notification-service',
      source: 'config',
    });
    expect(resolveGroupOwner('audit-trail', sources)).toEqual({ service: 'order-service', source: 'tags' });
    // A tag wins over a name that fits another service.
    expect(resolveGroupOwner('payment-service-dlq', sources)).toEqual({
      service: 'order-service',
      source: 'tags',
    });
    expect(resolveGroupOwner('payment-service-replay', sources)).toEqual({
      service: 'payment-service',
      source: 'convention',
    });
    expect(resolveGroupOwner('constructor', sources)).toBeNull();
  });

  it('needs no config or tags', () => {
    expect(resolveGroupOwner('payment-reconciler', { services })).toEqual({
      service: 'payment',
      source: 'convention',
    });
  });
});
