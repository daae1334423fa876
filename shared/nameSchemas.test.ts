import { describe, expect, it } from 'vitest';
import { awsNameSchema, environmentNameSchema, kafkaNameSchema } from './nameSchemas';

describe('awsNameSchema', () => {
  it.each([
    'payment-service',
    'flarenet_production',
    'arn:aws:ecs:us-east-1:123456789012:cluster/flarenet-production',
    'arn:aws:ecs:us-east-1:123456789012:service/flarenet-production/payment-service',
  ])('takes %s', (name) => {
    expect(awsNameSchema.safeParse(name).success).toBe(true);
  });

  it.each(['', 'payment service', 'payment;rm', 'a'.repeat(256)])('refuses %j', (name) => {
    expect(awsNameSchema.safeParse(name).success).toBe(false);
  });
});

describe('environmentNameSchema', () => {
  it.each([
    ['production', true],
    ['staging_eu-2', true],
    ['prod.eu', false],
    ['prod/eu', false],
    ['', false],
    ['e'.repeat(41), false],
  ])('%j → %s', (name, valid) => {
    expect(environmentNameSchema.safeParse(name).success).toBe(valid);
  });
});

describe('kafkaNameSchema', () => {
  it.each([
    ['order-created', true],
    ['payment.process_v2', true],
    ['t'.repeat(249), true],
    ['t'.repeat(250), false],
    ['order created', false],
    ['orders/eu', false],
  ])('%j → %s', (name, valid) => {
    expect(kafkaNameSchema.safeParse(name).success).toBe(valid);
  });
});
