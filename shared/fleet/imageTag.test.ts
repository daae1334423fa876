import { describe, expect, it } from 'vitest';
import { imageTagOf } from './imageTag';

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
