import { parseArgs } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTopologyGraph } from '../../shared/topology/graphFromData';
import { snapshotText } from '../../shared/topology/render';
import { configFromCommandLine } from '../core/config/consoleConfig';
import { EcsClientFactory } from '../core/fleet/ecsClients';
import { FleetMonitor } from '../core/fleet/fleetMonitor';
import { fleetTargetsFromConfig } from '../core/fleet/fleetTargets';
import { MetricsClientFactory, metricsTargetsFromConfig } from '../core/metrics/metricsClients';
import { MetricsMonitor } from '../core/metrics/metricsMonitor';
import { topologySpecFor } from '../core/topology/topologySpec';
import { startSandbox, type Sandbox } from '../sandbox/sandbox';
import { startAwsDenyingProxy } from '../testing/awsDenyingProxy';
import { startTestSandboxAfterBadGatewayDeploy, type TestSandbox } from '../testing/sandboxTestHarness';
import type { CliIo } from './cliCommand';
import { createTopologyCommand, topologyCommand } from './topologyCommand';
import { startSandboxOnDemand } from '../sandbox/sandboxOnDemand';

/** `cli topology` against a sandbox in this process: its ECS endpoint over HTTP, its Kafka broker over TCP. */

const services = [
  'api-gateway',
  'auth-service',
  'user-service',
  'order-service',
  'inventory-service',
  'catalog-service',
  'payment-service',
  'notification-service',
  'analytics-service',
];
const topics = [
  'order-created',
  'inventory-reserve',
  'payment-process',
  'saga-response',
  'order-completed',
  'inventory-rollback',
  'notification-send',
  'user-events',
];

interface Run {
  code: number;
  out: string;
  err: string;
}

async function run(
  args: string[],
  options: { isTty?: boolean; command?: typeof topologyCommand } = {},
): Promise<Run> {
  const command = options.command ?? topologyCommand;
  const { values, positionals } = parseArgs({
    args,
    options: command.options,
    allowPositionals: true,
    strict: true,
  });
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (text) => (out += text),
    err: (line) => (err += `${line}\n`),
    isTty: options.isTty ?? false,
    columns: undefined,
    env: { NO_COLOR: '1' },
    startSandbox: startSandboxOnDemand,
  };
  const code = await command.run(values as Record<string, string | boolean | undefined>, positionals, io);
  return { code, out, err };
}

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ host: '127.0.0.1', ecsPort: 0, kafkaPort: 0, seed: 11, lively: false });
});

afterAll(async () => {
  await sandbox.close();
});

describe('cli topology', () => {
  it('draws the sandbox’s production cluster with every service, topic and group lag, within the width', async () => {
    const result = await run([
      '--ecs-endpoint',
      sandbox.ecsEndpoint,
      '--brokers',
      sandbox.kafkaBootstrap,
      '--cluster',
      'flarenet-production',
      '--width',
      '100',
      '--sample',
      '2',
    ]);
    expect(result.err).toBe('The endpoint is a FlareNet sandbox: drawing the sandbox’s topology.\n');
    expect(result.code).toBe(0);
    const lines = result.out.split('\n');
    expect(lines[0]).toMatch(
      /^FlareNet topology — SANDBOX — endpoint \(flarenet-production\) — \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/,
    );
    expect(lines[1]).toMatch(/^9 services: 9 healthy · 8 topics · 5 consumer groups: .* · 5 datastores$/);
    for (const name of [...services, ...topics, 'alb', 'orders-db', 'catalog-cache'])
      expect(result.out).toMatch(new RegExp(`[│┃║] ${name} +[│┃║├]`));
    const diagram = result.out.split(/\n(?=Problems:|No problems)/)[0]!;
    expect(diagram.match(/lag \d[\d ]*k? (OK|WARN|ERR|UNKNOWN)/g)).toHaveLength(5);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(100);
    expect(result.out).not.toContain('\u001b[');
  });

  it('collapses healthy services, and draws consumers from the spec when there is no Kafka to ask', async () => {
    const result = await run([
      '--ecs-endpoint',
      sandbox.ecsEndpoint,
      '--cluster',
      'flarenet-staging',
      '--collapse-healthy',
      '--sample',
      '0',
      '--width',
      '120',
    ]);
    expect(result.code).toBe(0);
    expect(result.err).toContain(
      'No Kafka cluster (--brokers, or "kafka" in the config): consumer edges have no lag.',
    );
    expect(result.out).toContain('FlareNet topology — SANDBOX — endpoint (flarenet-staging)');
    expect(result.out).toMatch(/│ \d healthy services +│/);
    expect(result.out).toContain('healthy boxes collapsed');
    expect(result.out).toContain('5 consumer groups: 5 without lag data');
    expect(result.out).toContain('No problems seen: every service healthy; consumer lag unknown.');
    expect(result.out).toContain('No Kafka lag data: consumer edges come from config, without lag.');
  });

  it('redraws in place with --watch until interrupted', async () => {
    const command = createTopologyCommand({
      onInterrupt: (stop) => {
        const timer = setTimeout(stop, 2500);
        return () => clearTimeout(timer);
      },
    });
    const result = await run(
      [
        '--ecs-endpoint',
        sandbox.ecsEndpoint,
        '--cluster',
        'flarenet-production',
        '--watch',
        '--interval',
        '1',
        '--sample',
        '0',
      ],
      { isTty: true, command },
    );
    expect(result.code).toBe(0);
    const frames = result.out.split('\u001b[H\u001b[2J');
    expect(frames.length).toBeGreaterThanOrEqual(2);
    for (const frame of frames)
      expect(frame).toContain('FlareNet topology — SANDBOX — endpoint (flarenet-production)');
  });

  it('draws a large cluster as its problems and summaries, and every box with --all', async () => {
    const large = await startSandbox({
      host: '127.0.0.1',
      ecsPort: 0,
      kafkaPort: 0,
      seed: 11,
      lively: false,
      fleet: { clusters: 2, servicesPerCluster: 100 },
    });
    try {
      const flags = [
        '--ecs-endpoint',
        large.ecsEndpoint,
        '--cluster',
        'flarenet-production',
        '--sample',
        '0',
      ];
      const focused = await run(flags);
      expect(focused.code).toBe(0);
      expect(focused.out).toMatch(/^100 services: 100 healthy/m);
      expect(focused.out).toMatch(/nothing wrong to draw; \d+ in \d summary boxes/);
      expect(focused.out).toContain('│ flarenet-production        │');
      expect(focused.out).toContain('│ 91 services                │');
      expect(focused.out).not.toContain('api-gateway-12');
      expect(focused.out.split('\n').length).toBeLessThan(200);

      const all = await run([...flags, '--all']);
      expect(all.code).toBe(0);
      expect(all.out).not.toContain('summary boxes');
      // Numbered copies in natural order: 2, 3, …, 10, 11, 12.
      const order = [...all.out.matchAll(/│ (api-gateway-\d+) /g)].map((match) => match[1]);
      expect(order.indexOf('api-gateway-9')).toBeLessThan(order.indexOf('api-gateway-10'));
      expect(order).toContain('api-gateway-12');
    } finally {
      await large.close();
    }
  });

  it('says what is wrong with its flags and its cluster', async () => {
    await expect(run(['--width', '20'])).rejects.toThrow(
      '--width takes a whole number from 64 to 1000 (got 20).',
    );
    await expect(run(['--sample', 'soon'])).rejects.toThrow('--sample takes a whole number');
    await expect(
      run(['--ecs-endpoint', sandbox.ecsEndpoint, '--environment', 'qa', '--sample', '0']),
    ).rejects.toThrow(
      'No environment qa found (known: endpoint / flarenet-staging, endpoint / flarenet-production).',
    );
  });
});

describe('cli topology with CloudWatch', () => {
  const production = 'flarenet-production';
  let harness: TestSandbox;

  beforeAll(async () => {
    harness = await startTestSandboxAfterBadGatewayDeploy();
  });

  afterAll(async () => {
    await harness.close();
  });

  /** The command on the sandbox's clock, which stands still while the test reads. */
  const onSandboxClock = () => createTopologyCommand({ now: () => harness.clock.now() });
  const flags = (endpoint: string) => [
    '--ecs-endpoint',
    endpoint,
    '--cluster',
    production,
    '--sample',
    '0',
    '--width',
    '100',
  ];

  /** A service's box: its lines from the name down to the bottom border. */
  function boxOf(text: string, service: string): string[] {
    const lines = text.split('\n');
    const top = lines.findIndex((line) => new RegExp(`[│┃] ${service} +[│┃]`).test(line));
    expect(top).toBeGreaterThan(0);
    const column = lines[top]!.indexOf(service) - 2;
    const box: string[] = [];
    for (let index = top; index < lines.length; index++) {
      const line = lines[index]!;
      if ('└┗'.includes(line[column] ?? '')) break;
      box.push(line.slice(column));
    }
    return box;
  }

  it('carries the gateway’s 5XX share and p99 on its box, marked ⚑ for its alarm in ALARM, as the app draws it', async () => {
    const result = await run(flags(harness.sandbox.ecsEndpoint), { command: onSandboxClock() });
    expect(result.err).not.toContain('Warning');
    expect(result.code).toBe(0);

    const gateway = boxOf(result.out, 'api-gateway');
    const vitals = gateway
      .map((line) => /⚑ 5xx (\d+)% p99 (\d+(?:\.\d+)?m?s)/.exec(line))
      .find((match) => match !== null);
    expect(vitals, gateway.join('\n')).toBeDefined();
    expect(Number(vitals![1])).toBeGreaterThan(5);
    expect(result.out).toMatch(/ {2}- api-gateway alarm api-gateway-5xx in ALARM \(5xx \d+ %, p99 /);
    expect(result.out).toContain('⚑ a CloudWatch alarm of the service is in ALARM');
    // A service no load balancer fronts has no 5XX share to show, and says so.
    expect(boxOf(result.out, 'auth-service').some((line) => line.includes('no load balancer'))).toBe(true);

    // The app's picture of the same environment: its monitors, the same spec, the shared drawing.
    const config = configFromCommandLine({ ecsEndpoint: harness.sandbox.ecsEndpoint, cluster: production });
    const ecsClients = new EcsClientFactory();
    const metricsClients = new MetricsClientFactory();
    const now = () => harness.clock.now();
    const fleet = new FleetMonitor({ targets: fleetTargetsFromConfig(config, ecsClients), now });
    const metrics = new MetricsMonitor({
      targets: metricsTargetsFromConfig(config, metricsClients),
      fleet,
      now,
    });
    try {
      await fleet.refresh();
      await metrics.refresh();
      const graph = buildTopologyGraph({
        fleet: fleet.snapshot(),
        lag: null,
        spec: topologySpecFor({ onSandbox: true }),
        environment: 'endpoint',
        metrics: metrics.snapshot(),
      });
      const copied = snapshotText(
        graph,
        { width: 100, collapseHealthy: false, groupByDomain: false },
        now(),
        true,
      );
      expect(result.out).toBe(copied);
    } finally {
      metrics.stop();
      fleet.stop();
      metricsClients.destroyAll();
      ecsClients.destroyAll();
    }
  });

  it('says every box has no CloudWatch data, and warns, when CloudWatch refuses the command', async () => {
    const proxy = await startAwsDenyingProxy(harness.sandbox.ecsEndpoint, {
      refuses: (target) => target.startsWith('GraniteServiceVersion20100801.'),
    });
    proxy.denying = true;
    try {
      const result = await run(flags(proxy.url), { command: onSandboxClock() });
      expect(result.code).toBe(1);
      expect(result.err).toMatch(/^Warning: endpoint CloudWatch: .*not authorized/m);
      const box = boxOf(result.out, 'api-gateway');
      expect(box.some((line) => line.includes('no CloudWatch data'))).toBe(true);
      expect(result.out).not.toMatch(/5xx \d/);
      expect(box.some((line) => line.includes('⚑'))).toBe(false);
    } finally {
      await proxy.close();
    }
  });
});
