import { describe, expect, it } from 'vitest';
import { deepLinkFor, deepLinkInArgs, parseDeepLink } from './deepLink';

describe('parseDeepLink', () => {
  it('reads a service link', () => {
    expect(parseDeepLink('flarenet://service/production/prod-eu-1/payment-service')).toEqual({
      ok: true,
      target: {
        kind: 'service',
        environment: 'production',
        cluster: 'prod-eu-1',
        service: 'payment-service',
      },
    });
  });

  it('reads a group link, percent-decoding each part on its own', () => {
    expect(parseDeepLink('flarenet://group/main/payments%2Fsettlement%20v2')).toEqual({
      ok: true,
      target: { kind: 'group', cluster: 'main', group: 'payments/settlement v2' },
    });
  });

  it('takes the scheme in any case, a trailing slash, and ignores a query and a fragment', () => {
    expect(parseDeepLink('FlareNet://group/main/payments/?from=slack#top')).toEqual({
      ok: true,
      target: { kind: 'group', cluster: 'main', group: 'payments' },
    });
  });

  it.each([
    ['https://example.com/service/a/b/c', 'a console link starts with flarenet://'],
    ['flarenet://', '"" is not something the console opens'],
    ['flarenet://task/prod/c/t', '"task" is not something the console opens'],
    [
      'flarenet://service/production/prod-eu-1',
      'a service link is flarenet://service/<environment>/<cluster>/<service>.',
    ],
    [
      'flarenet://service/production//payments',
      'a service link is flarenet://service/<environment>/<cluster>/<service>.',
    ],
    ['flarenet://service/a/b/c/d', 'a service link is flarenet://service/<environment>/<cluster>/<service>.'],
    ['flarenet://group/main', 'a group link is flarenet://group/<cluster>/<group>.'],
    ['flarenet://group/main/%E0%A4%A', 'the group "%E0%A4%A" is not valid percent-encoding.'],
    ['flarenet://service/pro duction/c/s', 'the environment "pro duction" is not a valid name'],
    ['flarenet://service/production/c/%3Cscript%3E', 'the service "<script>" is not a valid name'],
    ['flarenet://group/ma!n/payments', 'the cluster "ma!n" is not a valid name'],
  ])('refuses %s, saying why', (link, why) => {
    const result = parseDeepLink(link);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(why);
  });

  it.each([
    `flarenet://group/main/${'x'.repeat(5_000)}`,
    `flarenet://${'x'.repeat(1_900)}`,
    `flarenet://group/main/${'x'.repeat(1_900)}`,
    `flarenet://service/${'%'.repeat(1_900)}/c/s`,
  ])('refuses a long bad link without quoting all of it', (link) => {
    const result = parseDeepLink(link);
    expect(result).toMatchObject({ ok: false });
    if (!result.ok) expect(result.error.length).toBeLessThan(400);
  });
});

describe('deepLinkInArgs', () => {
  it('finds the link among the launch arguments', () => {
    expect(deepLinkInArgs(['/opt/FlareNet/flarenet', '--no-sandbox', 'flarenet://group/main/payments'])).toBe(
      'flarenet://group/main/payments',
    );
  });

  it('is null when the launch has none', () => {
    expect(deepLinkInArgs(['/opt/FlareNet/flarenet', '.'])).toBeNull();
  });
});

describe('deepLinkFor', () => {
  it('makes the link parseDeepLink reads back, a group id with a slash included', () => {
    const targets = [
      { kind: 'service', environment: 'production', cluster: 'prod-eu-1', service: 'payment-service' },
      { kind: 'group', cluster: 'flarenet-kafka', group: 'team/payments' },
    ] as const;
    for (const target of targets) expect(parseDeepLink(deepLinkFor(target))).toEqual({ ok: true, target });
    expect(deepLinkFor(targets[1])).toBe('flarenet://group/flarenet-kafka/team%2Fpayments');
  });
});
