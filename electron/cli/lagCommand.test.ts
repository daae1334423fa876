import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeServicesCommand,
  ECSClient,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupLagDetailsSchema, lagSnapshotSchema } from '../../shared/kafka/kafkaModel';
import { sandboxConsoleConfig } from '../core/config/consoleConfig';
import { startSandbox, type Sandbox } from '../sandbox/sandbox';
import { runCliProcess } from '../testing/cliTestProcess';
import { kafkaApiKey, kafkaErrorCode, startKafkaRefusingProxy } from '../testing/kafkaRefusingProxy';

/** `cli lag` as a person runs it: a separate process, reading the sandbox's Kafka broker over TCP. */

const groups = [
  'analytics-service',
  'inventory-service',
  'notification-service',
  'order-service',
  'payment-service',
];

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ host: '127.0.0.1', ecsPort: 0, kafkaPort: 0, seed: 5, lively: false });
});

afterAll(async () => {
  await sandbox.close();
});

describe('cli lag', () => {
  it('prints the lag snapshot as JSON, with owner services from the fleet', async () => {
    const run = await runCliProcess([
      'lag',
      '--json',
      '--brokers',
      sandbox.kafkaBootstrap,
      '--ecs-endpoint',
      sandbox.ecsEndpoint,
      '--sample',
      '2',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const snapshot = lagSnapshotSchema.parse(JSON.parse(run.stdout));
    expect(snapshot.clusters).toEqual([
      expect.objectContaining({
        name: 'kafka',
        brokers: [sandbox.kafkaBootstrap],
        state: 'ok',
        groupCount: 5,
        commitSource: 'commit-log',
      }),
    ]);
    expect(snapshot.groups.map((g) => g.groupId)).toEqual(groups);
    for (const group of snapshot.groups) {
      expect(group.ownerService).toBe(group.groupId);
      expect(group.memberCount).toBeGreaterThan(0);
      expect(group.partitionsWithoutCommit).toBe(0);
      // The commit log holds every commit since the sandbox started: enough to judge with the command's window.
      expect(['OK', 'WARN', 'ERR']).toContain(group.burrowStatus);
      expect(group.severity).not.toBe('unknown');
      expect(group.maxLag?.topic).toBeDefined();
    }
  });

  it('prints one group with its partitions and members', async () => {
    const [json, table] = await Promise.all([
      runCliProcess([
        'lag',
        '--json',
        '--group',
        'payment-service',
        '--brokers',
        sandbox.kafkaBootstrap,
        '--sample',
        '0',
      ]),
      runCliProcess([
        'lag',
        '--group',
        'payment-service',
        '--brokers',
        sandbox.kafkaBootstrap,
        '--sample',
        '0',
      ]),
    ]);
    expect(json.code).toBe(0);
    const details = groupLagDetailsSchema.parse(JSON.parse(json.stdout));
    expect(details.group.groupId).toBe('payment-service');
    expect(details.partitions.map((p) => `${p.topic}/${p.partition}`)).toEqual([
      'payment-process/0',
      'payment-process/1',
      'payment-process/2',
    ]);
    expect(details.members.length).toBeGreaterThan(0);

    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^Kafka kafka \(127\.0\.0\.1:\d+\)\n/);
    expect(table.stdout).toMatch(
      /^ {2}payment-process\/0 +[✓▲✖■↺○] [A-Z]+ +(-|[a-z ,]+) +\d[\d ]* +\d[\d ]* +\d[\d ]* +\S+/m,
    );
    expect(table.stdout).toContain('MEMBERS');
  });

  it("prints a table per cluster whose statuses read without colour, Burrow's and the console's apart, saying what is still being measured", async () => {
    const run = await runCliProcess(['lag', '--brokers', sandbox.kafkaBootstrap, '--sample', '0']);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(`Kafka kafka (${sandbox.kafkaBootstrap}) — 5 consumer groups`);
    expect(lines[1]).toMatch(
      /^ {2}GROUP +BURROW +FINDINGS +LAG +MAX LAG +BEHIND +TREND +ETA +MEMBERS +OWNER$/,
    );
    for (const group of groups) {
      // One look: no rates yet, so trend and ETA are still being measured (or the group is caught up).
      expect(run.stdout).toMatch(
        new RegExp(
          `^ {2}${group} +[✓▲✖○] (OK|WARN|ERR|NOTFOUND) +(-|⚑ [a-z ]+( \\+\\d)?) +\\d[\\d ]* +\\S+: \\d[\\d ]* +\\S+ +measuring… +(measuring…|caught up) +\\d+ +-$`,
          'm',
        ),
      );
    }
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('fails with one clear line when the brokers cannot be reached', async () => {
    const run = await runCliProcess(['lag', '--brokers', '127.0.0.1:1', '--sample', '0']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('Error: Cannot reach the Kafka cluster kafka (127.0.0.1:1) (ECONNREFUSED)\n');
  });

  it('refuses bad flags with the usage, and explains itself with --help', async () => {
    const [badBroker, badInterval, unknownGroup, help] = await Promise.all([
      runCliProcess(['lag', '--brokers', 'localhost']),
      runCliProcess(['lag', '--interval', 'soon', '--brokers', sandbox.kafkaBootstrap]),
      runCliProcess(['lag', '--group', 'ghost', '--brokers', sandbox.kafkaBootstrap, '--sample', '0']),
      runCliProcess(['lag', '--help']),
    ]);
    expect(badBroker.code).toBe(1);
    expect(badBroker.stderr).toBe('Error: Invalid command line: --brokers (localhost): must be host:port\n');
    expect(badInterval.code).toBe(2);
    expect(badInterval.stderr.split('\n')[0]).toBe(
      '--interval takes a number of seconds from 1 to 3600 (got soon).',
    );
    expect(unknownGroup.code).toBe(1);
    expect(unknownGroup.stderr).toMatch(/^Error: No consumer group ghost \(found: analytics-service, /);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--brokers <host:port,...>');
  });
});

describe('cli lag on a broker whose ACLs deny listing and describing groups', () => {
  it('reads a group named with --group from its offsets alone, members unknown, saying what was denied', async () => {
    const proxy = await startKafkaRefusingProxy({
      upstream: sandbox.kafkaBootstrap,
      refuse: {
        [kafkaApiKey.listGroups]: { answer: 'error', errorCode: kafkaErrorCode.clusterAuthorizationFailed },
        [kafkaApiKey.describeGroups]: { answer: 'error', errorCode: kafkaErrorCode.groupAuthorizationFailed },
      },
    });
    try {
      const flags = ['--group', 'payment-service', '--brokers', proxy.bootstrap, '--sample', '0'];
      const [json, table, unnamed] = await Promise.all([
        runCliProcess(['lag', '--json', ...flags]),
        runCliProcess(['lag', ...flags]),
        runCliProcess(['lag', '--brokers', proxy.bootstrap, '--sample', '0']),
      ]);
      expect(json.code).toBe(0);
      const details = groupLagDetailsSchema.parse(JSON.parse(json.stdout));
      expect(details.group.memberCount).toBeNull();
      expect(details.group.membersUnknown?.code).toBe('KAFKA_ACCESS_DENIED');
      expect(details.group.lagUnknown).toBeNull();
      expect(
        details.partitions.map((p) => [`${p.topic}/${p.partition}`, p.committedOffset !== null]),
      ).toEqual([
        ['payment-process/0', true],
        ['payment-process/1', true],
        ['payment-process/2', true],
      ]);

      expect(table.code).toBe(0);
      expect(table.stdout).toContain(
        `▲ The Kafka cluster kafka (${proxy.bootstrap}) denied ListGroups to the console (CLUSTER_AUTHORIZATION_FAILED): only the named groups are read (KAFKA_ACCESS_DENIED)`,
      );
      // Lag as a figure, members as "?" (no fleet named here, so no owner).
      expect(table.stdout).toMatch(/^ {2}payment-service +\S+ \S+ +- +\d[\d ]* .* \? +-$/m);
      expect(table.stdout).toContain(
        '  members unknown: The broker denied DescribeGroups to the console (GROUP_AUTHORIZATION_FAILED)',
      );
      expect(table.stdout).not.toContain('no members');

      expect(unnamed.code).toBe(1);
      expect(unnamed.stderr).toBe(
        `Error: The Kafka cluster kafka (${proxy.bootstrap}) denied ListGroups to the console (CLUSTER_AUTHORIZATION_FAILED). Name the groups to watch in the cluster's "groups" config (or with cli lag --group): they are read without ListGroups.\n`,
      );
    } finally {
      await proxy.close();
    }
  });
});

describe('cli lag with a config file', () => {
  it('takes owners from the topology config as the topology does', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'flarenet-cli-lag-'));
    try {
      const config = {
        ...sandboxConsoleConfig(sandbox.ecsEndpoint, sandbox.kafkaBootstrap),
        topology: { groupOwners: { 'analytics-service': 'user-service' } },
      };
      const path = join(dir, 'config.json');
      await writeFile(path, JSON.stringify(config));
      const run = await runCliProcess(['lag', '--json', '--config', path, '--sample', '0']);
      expect(run.code).toBe(0);
      const snapshot = lagSnapshotSchema.parse(JSON.parse(run.stdout));
      const owners = Object.fromEntries(snapshot.groups.map((g) => [g.groupId, g.ownerService]));
      expect(owners['analytics-service']).toBe('user-service');
      expect(owners['payment-service']).toBe('payment-service');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('cli lag owners', () => {
  it('takes a group’s owner from the flarenet:groups tag of a service, over the naming convention', async () => {
    const ecs = new ECSClient({
      endpoint: sandbox.ecsEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
    });
    const [analytics] =
      (
        await ecs.send(
          new DescribeServicesCommand({ cluster: 'flarenet-production', services: ['analytics-service'] }),
        )
      ).services ?? [];
    const resourceArn = analytics?.serviceArn ?? '';
    await ecs.send(
      new TagResourceCommand({
        resourceArn,
        tags: [{ key: 'flarenet:groups', value: 'notification-service' }],
      }),
    );
    try {
      const run = await runCliProcess([
        'lag',
        '--json',
        '--brokers',
        sandbox.kafkaBootstrap,
        '--ecs-endpoint',
        sandbox.ecsEndpoint,
        '--sample',
        '0',
      ]);
      expect(run.code).toBe(0);
      const owners = Object.fromEntries(
        lagSnapshotSchema.parse(JSON.parse(run.stdout)).groups.map((g) => [g.groupId, g.ownerService]),
      );
      expect(owners['notification-service']).toBe('analytics-service');
      expect(owners['payment-service']).toBe('payment-service');
    } finally {
      await ecs.send(new UntagResourceCommand({ resourceArn, tagKeys: ['flarenet:groups'] }));
      ecs.destroy();
    }
  });
});
