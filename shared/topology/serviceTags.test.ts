import { describe, expect, it } from 'vitest';
import { groupOwnerByName } from '../kafka/groupOwners';
import { topicProducerByName } from './serviceTags';

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

describe('topicProducerByName', () => {
  it.each([
    ['payment-service.settled', 'payment-service'],
    ['payment.refunds', 'payment'],
    ['payment-service-settled', null],
    ['order-service', null],
  ])('%s → %s', (topic, producer) => {
    expect(topicProducerByName(topic, services)).toBe(producer);
  });
});
