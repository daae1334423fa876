import { describe, expect, it } from 'vitest';
import { isSensitiveName, maskEnvironmentValue, secretMask } from './secretMasking';

describe('isSensitiveName', () => {
  it.each([
    'DB_PASSWORD',
    'dbPassword',
    'JWT_SIGNING_KEY',
    'STRIPE_API_KEY',
    'AWS_SECRET_ACCESS_KEY',
    'GITHUB_TOKEN',
    'SENTRY_DSN',
    'HMAC_KEY',
    'PRIVATE_KEY_PEM',
    'REDIS_CONNECTION_STRING',
  ])('%s is sensitive', (name) => {
    expect(isSensitiveName(name)).toBe(true);
  });

  it.each([
    'LOG_LEVEL',
    'AUTH_SERVICE_URL',
    'JWT_PUBLIC_KEY',
    'TOKEN_TTL_SECONDS',
    'KEY',
    'DB_HOST',
    'DB_PASSWORD_FILE',
    'AWS_ACCESS_KEY_ID',
  ])('%s is not', (name) => {
    expect(isSensitiveName(name)).toBe(false);
  });
});

describe('maskEnvironmentValue', () => {
  it('masks by name, by what the value looks like, and only the password of a URL', () => {
    expect(maskEnvironmentValue('DB_PASSWORD', 'hunter2')).toEqual({ text: secretMask, masked: true });
    expect(maskEnvironmentValue('SOMETHING', 'AKIAABCDEFGHIJKLMNOP')).toEqual({
      text: secretMask,
      masked: true,
    });
    expect(maskEnvironmentValue('PAYMENTS', 'sk_live_abcdefghijklmnop')).toEqual({
      text: secretMask,
      masked: true,
    });
    expect(maskEnvironmentValue('REDIS_URL', 'redis://default:pa55@cache:6379')).toEqual({
      text: `redis://default:${secretMask}@cache:6379`,
      masked: true,
    });
    expect(maskEnvironmentValue('REDIS_URL', 'redis://cache:6379')).toEqual({
      text: 'redis://cache:6379',
      masked: false,
    });
    expect(maskEnvironmentValue('DB_PASSWORD', '')).toEqual({ text: '', masked: false });
  });
});
