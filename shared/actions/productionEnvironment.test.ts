import { describe, expect, it } from 'vitest';
import { confirmationRefusal, isProductionEnvironment } from './productionEnvironment';

describe('isProductionEnvironment', () => {
  it.each([
    ['production', undefined, true],
    ['prod-eu', undefined, true],
    ['staging', 'flarenet-production', false],
    ['dev', undefined, false],
    ['endpoint', 'flarenet-production', true],
    ['endpoint', 'flarenet-staging', false],
    ['endpoint', 'arn:aws:ecs:us-east-1:1:cluster/team-qa', false],
    ['eu-west-1', 'payments', true],
    ['us-east-1', undefined, true],
  ])('%s / %s → %s', (environment, cluster, expected) => {
    expect(isProductionEnvironment(environment, cluster)).toBe(expected);
  });
});

describe('confirmationRefusal', () => {
  const production = {
    requiresTypedConfirmation: true,
    service: 'payment-service',
    environment: 'production',
  };
  it('needs the service name exactly in production, and nothing elsewhere', () => {
    expect(confirmationRefusal(production, 'payment-service')).toBeNull();
    expect(confirmationRefusal(production, '')).toMatch(/type the service name/);
    expect(confirmationRefusal(production, 'Payment-Service')).toMatch(/type payment-service exactly/);
    expect(confirmationRefusal({ ...production, requiresTypedConfirmation: false }, '')).toBeNull();
  });
});
