import { describe, expect, it } from 'vitest';
import { imageTagOf, parseImageReference } from './imageTag';

describe('imageTagOf', () => {
  it.each([
    ['nginx:1.27', '1.27'],
    ['nginx', 'latest'],
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com/flarenet/payment-service:v2.14.0', 'v2.14.0'],
    ['registry.local:5000/payment-service', 'latest'],
    ['registry.local:5000/team/payment-service:2024-06-01', '2024-06-01'],
    [
      'payment-service@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
      'sha256:0123456789ab',
    ],
    ['registry.local:5000/payment-service:v3@sha256:0123456789abcdef', 'v3'],
    ['registry.local:5000/payment-service@sha256:fedcba9876543210', 'sha256:fedcba987654'],
    ['  public.ecr.aws/docker/library/redis:7-alpine  ', '7-alpine'],
    ['', null],
    [null, null],
    [undefined, null],
  ])('%j → %j', (image, expected) => {
    expect(imageTagOf(image)).toBe(expected);
  });
});

describe('parseImageReference', () => {
  it.each([
    ['nginx', { repository: 'nginx', tag: null, digest: null }],
    ['nginx:1.27', { repository: 'nginx', tag: '1.27', digest: null }],
    [
      'registry.local:5000/payment-service',
      { repository: 'registry.local:5000/payment-service', tag: null, digest: null },
    ],
    [
      'registry.local:5000/team/payment-service:v3@sha256:0123456789abcdef',
      {
        repository: 'registry.local:5000/team/payment-service',
        tag: 'v3',
        digest: 'sha256:0123456789abcdef',
      },
    ],
    ['payment-service@sha256:fedcba', { repository: 'payment-service', tag: null, digest: 'sha256:fedcba' }],
  ])('%s', (image, expected) => {
    expect(parseImageReference(image)).toEqual(expected);
  });
});
