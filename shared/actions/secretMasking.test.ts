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

describe('maskEnvironmentValue on secrets inside a value', () => {
  it.each([
    [
      'a URL password with no user',
      'REDIS_URL',
      'redis://:pa55word@cache:6379/0',
      `redis://:${secretMask}@cache:6379/0`,
    ],
    [
      'a JAAS password',
      'KAFKA_SASL_JAAS_CONFIG',
      'org.apache.kafka.common.security.plain.PlainLoginModule required username="orders" password="s3cr3t!";',
      `org.apache.kafka.common.security.plain.PlainLoginModule required username="orders" password="${secretMask}";`,
    ],
    [
      'a JAAS password in single quotes',
      'JAAS',
      "username='u' password='p w';",
      `username='u' password='${secretMask}';`,
    ],
    ['a Bearer token', 'AUTH_HEADER', 'Bearer abc.DEF-123_xyz', `Bearer ${secretMask}`],
    ['Basic credentials', 'UPSTREAM_HEADER', 'Basic dXNlcjpwYXNzd29yZA==', `Basic ${secretMask}`],
    ['an AWS secret access key', 'BACKUP_SETTINGS', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', secretMask],
    [
      'an AWS secret access key among other words',
      'ARGS',
      '--key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY --fast',
      secretMask,
    ],
  ])('hides %s', (_what, name, value, shown) => {
    expect(maskEnvironmentValue(name, value)).toEqual({ text: shown, masked: true });
  });

  it.each([
    ['a git commit hash', 'GIT_COMMIT', '3f786850e387550fdab836ed7e6dc881de23001b'],
    ['a URL without credentials', 'API_URL', 'https://api.example.com/v1?page=2'],
    ['a URL with a user and no password', 'REPO_URL', 'ssh://git@example.com/repo.git'],
    ['a sentence about passwords', 'HELP_TEXT', 'Reset your password at the portal'],
    ['a short Bearer word', 'DOC', 'Bearer of news'],
    ['a 40-character lower-case word', 'SLUG', 'abcdefghijabcdefghijabcdefghijabcdefghij'],
  ])('shows %s as it is', (_what, name, value) => {
    expect(maskEnvironmentValue(name, value)).toEqual({ text: value, masked: false });
  });
});
