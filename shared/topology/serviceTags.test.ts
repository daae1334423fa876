import { describe, expect, it } from 'vitest';
import { topicProducerByName } from './serviceTags';

const services = ['payment-service', 'payment', 'order-service', 'notification-service'];

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
