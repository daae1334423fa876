import { describe, expect, it } from 'vitest';
import {
  clusterNameFromReference,
  clusterNameFromServiceArn,
  parseArn,
  parseTaskDefinitionArn,
  parseTaskDefinitionReference,
  resourceNameFromArn,
  revisionLabel,
  serviceNameFromReference,
  taskIdFromReference,
} from './ecsArns';

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

describe('parseArn', () => {
  it('splits an ARN into its parts, leaving colons in the resource', () => {
    expect(parseArn('arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/payment:*')).toEqual({
      partition: 'aws',
      service: 'logs',
      region: 'eu-west-1',
      accountId: '123456789012',
      resource: 'log-group:/ecs/payment:*',
    });
    expect(parseArn('arn:aws:iam::123456789012:role/deployer')).toMatchObject({
      region: '',
      resource: 'role/deployer',
    });
  });

  it.each(['payment-service', 'arn:aws:ecs:us-east-1', 'ARN:aws:ecs:us-east-1:1:cluster/x'])(
    'is null for %s',
    (text) => {
      expect(parseArn(text)).toBeNull();
    },
  );
});

describe('names from ECS references', () => {
  const account = 'arn:aws:ecs:us-east-1:000000000000';
  it.each([
    [clusterNameFromReference, 'flarenet-staging', 'flarenet-staging'],
    [clusterNameFromReference, `${account}:cluster/flarenet-staging`, 'flarenet-staging'],
    [
      clusterNameFromReference,
      `${account}:service/flarenet-staging/x`,
      `${account}:service/flarenet-staging/x`,
    ],
    [serviceNameFromReference, 'payment-service', 'payment-service'],
    [serviceNameFromReference, `${account}:service/flarenet-staging/payment-service`, 'payment-service'],
    [serviceNameFromReference, `${account}:service/payment-service`, 'payment-service'],
    [serviceNameFromReference, 'arn:aws:logs:us-east-1:0:service/x', 'arn:aws:logs:us-east-1:0:service/x'],
    [taskIdFromReference, '0a1b2c3d', '0a1b2c3d'],
    [taskIdFromReference, `${account}:task/flarenet-staging/0a1b2c3d`, '0a1b2c3d'],
  ])('%o(%s) → %s', (read, reference, expected) => {
    expect(read(reference)).toBe(expected);
  });

  it.each([
    [`${account}:service/flarenet-staging/payment-service`, 'flarenet-staging'],
    [`${account}:service/payment-service`, null],
    ['payment-service', null],
  ])('the cluster inside %s is %s', (reference, expected) => {
    expect(clusterNameFromServiceArn(reference)).toBe(expected);
  });
});

describe('parseTaskDefinitionReference', () => {
  it.each([
    ['payment-service', { family: 'payment-service', revision: null }],
    ['payment-service:8', { family: 'payment-service', revision: 8 }],
    [
      'arn:aws:ecs:us-east-1:000000000000:task-definition/payment-service:8',
      { family: 'payment-service', revision: 8 },
    ],
    ['arn:aws:ecs:us-east-1:000000000000:cluster/payment-service', null],
    ['payment service', null],
    ['payment-service:latest', null],
  ])('%s → %j', (reference, expected) => {
    expect(parseTaskDefinitionReference(reference)).toEqual(expected);
  });
});

describe('revisionLabel', () => {
  it('names a revision as people do, and reads back as the same revision', () => {
    const revision = { family: 'payment-service', revision: 8 };
    expect(revisionLabel(revision)).toBe('payment-service:8');
    expect(parseTaskDefinitionArn(revisionLabel(revision))).toEqual(revision);
  });

  it('names a family without a revision by the family alone, never ":0"', () => {
    const familyOnly = parseTaskDefinitionArn(
      'arn:aws:ecs:us-east-1:123456789012:task-definition/payment-service',
    );
    expect(revisionLabel(familyOnly)).toBe('payment-service');
  });
});
