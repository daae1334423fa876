import { describe, expect, it } from 'vitest';
import { parseTaskDefinitionArn, resourceNameFromArn } from './ecsArns';

describe('parseTaskDefinitionArn', () => {
  it.each([
    [
      'arn:aws:ecs:us-east-1:123456789012:task-definition/payment-service:8',
      { family: 'payment-service', revision: 8 },
    ],
    ['payment-service:12', { family: 'payment-service', revision: 12 }],
    ['payment-service', { family: 'payment-service', revision: 0 }],
    ['arn:aws:ecs:us-east-1:123456789012:task-definition/odd:name', { family: 'odd:name', revision: 0 }],
  ])('%s', (arn, expected) => {
    expect(parseTaskDefinitionArn(arn)).toEqual(expected);
  });
});

describe('resourceNameFromArn', () => {
  it.each([
    ['arn:aws:ecs:us-east-1:123456789012:cluster/flarenet-production', 'flarenet-production'],
    ['arn:aws:ecs:us-east-1:123456789012:service/flarenet-production/payment-service', 'payment-service'],
    ['arn:aws:ecs:us-east-1:123456789012:service/payment-service', 'payment-service'],
    ['arn:aws:ecs:us-east-1:123456789012:task/flarenet-production/0a1b2c3d', '0a1b2c3d'],
    ['flarenet-staging', 'flarenet-staging'],
  ])('%s → %s', (arn, expected) => {
    expect(resourceNameFromArn(arn)).toBe(expected);
  });
});
