import { parseArgs } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox/sandbox';
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
