import { describe, expect, it } from 'vitest';
import {
  parseSandboxCommandLine,
  parseSandboxScale,
  sandboxOptionsAtScale,
  UsageError,
} from './sandboxCommandLine';

describe('sandbox size on the command line', () => {
  it('starts the sandbox at the size asked for', () => {
    const command = parseSandboxCommandLine(['--clusters', '10', '--services', '1000', '--groups', '5000']);
    expect(command).toMatchObject({
      kind: 'serve',
      scale: { clusters: 10, servicesPerCluster: 1000, groups: 5000 },
    });
    expect(sandboxOptionsAtScale({ clusters: 10, servicesPerCluster: 1000, groups: 5000 })).toEqual({
      fleet: { clusters: 10, servicesPerCluster: 1000 },
      kafka: { groups: 5000 },
    });
  });

  it('keeps the demo size for what is not given', () => {
    expect(sandboxOptionsAtScale({})).toEqual({});
    expect(sandboxOptionsAtScale({ servicesPerCluster: 500 })).toEqual({
      fleet: { servicesPerCluster: 500 },
    });
    expect(sandboxOptionsAtScale({ groups: 200 })).toEqual({ kafka: { groups: 200 } });
  });

  it('rescales a running sandbox, consumer groups too', () => {
    expect(
      parseSandboxCommandLine([
        'scenario',
        'scale',
        '--clusters',
        '10',
        '--services',
        '1000',
        '--groups',
        '5000',
      ]),
    ).toEqual({
      kind: 'scenario',
      endpoint: 'http://127.0.0.1:4580',
      scenario: { kind: 'scale', clusters: 10, servicesPerCluster: 1000, groups: 5000 },
    });
  });

  it('puts a service under load, for five minutes unless told', () => {
    expect(parseSandboxCommandLine(['scenario', 'load', 'order-service', '--percent', '200'])).toEqual({
      kind: 'scenario',
      endpoint: 'http://127.0.0.1:4580',
      scenario: { kind: 'load', cluster: 'flarenet-production', service: 'order-service', percent: 200 },
    });
    expect(
      parseSandboxCommandLine(['scenario', 'load', 'order-service', '--percent', '150', '--minutes', '1.5']),
    ).toMatchObject({ scenario: { percent: 150, minutes: 1.5 } });
  });

  it.each([
    [['scenario', 'load', 'order-service'], '--percent is required.'],
    [
      ['scenario', 'load', '--percent', '150'],
      'scenario load needs the service to load, e.g. payment-service.',
    ],
    [
      ['scenario', 'load', 'order-service', '--percent', '5000'],
      'Invalid scenario: --percent: Too big: expected number to be <=1000.',
    ],
    [['--services', 'many'], '--services must be a whole number of services per cluster (got "many").'],
    [['--clusters', '0'], '--clusters must be at least 1 (got 0).'],
    [['--services=-3'], '--services must be a whole number of services per cluster (got "-3").'],
    [
      ['--services', '50000'],
      '--services must be at most 2,000 services per cluster, the largest fleet the sandbox builds (got 50,000).',
    ],
    [
      ['--groups', '1000000'],
      '--groups must be at most 20,000 consumer groups, the largest fleet the sandbox builds (got 1,000,000).',
    ],
    [['--clusters', '1.5'], '--clusters must be a whole number of clusters (got "1.5").'],
    [
      ['scenario', 'scale', '--clusters', '10', '--services', '100', '--groups', 'lots'],
      '--groups must be a whole number of consumer groups (got "lots").',
    ],
    [['scenario', 'scale', '--groups', '10'], '--clusters is required.'],
    [
      ['scenario', 'throttle', '--seconds', '5', '--groups', '10'],
      '--groups cannot be used with scenario throttle.',
    ],
  ])('refuses %j in words', (argv, message) => {
    expect(() => parseSandboxCommandLine(argv)).toThrow(new UsageError(message));
  });

  it('reads the console sandbox size from FLARENET_SANDBOX_SCALE', () => {
    expect(parseSandboxScale(undefined)).toEqual({});
    expect(parseSandboxScale(' ')).toEqual({});
    expect(parseSandboxScale('clusters=10, services=1000, groups=5000')).toEqual({
      clusters: 10,
      servicesPerCluster: 1000,
      groups: 5000,
    });
    expect(() => parseSandboxScale('10x1000')).toThrow(
      'FLARENET_SANDBOX_SCALE must list sizes as clusters=<n>,services=<n>,groups=<n> (got "10x1000").',
    );
    expect(() => parseSandboxScale('services=0')).toThrow(
      'FLARENET_SANDBOX_SCALE services must be at least 1 (got 0).',
    );
  });
});
