import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LagSnapshot } from '../../../shared/kafka/kafkaModel';
import { ManualClock, startSandbox, type Sandbox } from '../../testing/sandboxTestHarness';
import { LagMonitor } from './lagMonitor';

/**
 * The console's lag against LinkedIn Burrow's, for the same moment. Debian's `burrow` reads
 * the sandbox broker as it reads any Kafka cluster — topic offsets by ListOffsets, commits
 * from `__consumer_offsets` — with ZooKeeper beside it, as Burrow requires. The sandbox runs
 * on a manual clock: once it stops moving, both read the same offsets, and every group's
 * total lag and every partition's current lag must agree.
 *
 * Needs `apt-get install -y burrow zookeeper` (and a Java runtime); skipped without them.
 */

const zookeeperJar = '/usr/share/java/zookeeper.jar';

function findExecutable(names: string[]): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of names) {
      const path = join(dir, name);
      try {
        accessSync(path, constants.X_OK);
        return path;
      } catch {
        // not here
      }
    }
  }
  return null;
}

function canRead(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

const burrowBinary = findExecutable(['burrow', 'Burrow']);
const javaBinary = findExecutable(['java']);
const missing = [
  burrowBinary ? null : 'burrow',
  canRead(zookeeperJar) ? null : 'zookeeper',
  javaBinary ? null : 'java',
].filter((name): name is string => name !== null);
const title =
  missing.length === 0
    ? 'Burrow cross-check'
    : `Burrow cross-check (skipped: ${missing.join(', ')} not installed; apt-get install -y burrow zookeeper)`;

interface BurrowPartition {
  topic: string;
  partition: number;
  current_lag: number;
  end: { offset: number } | null;
}
interface BurrowLag {
  status: { status: string; totallag: number; partitions: BurrowPartition[] };
}

const processes: ChildProcess[] = [];
const output = new Map<string, string[]>();
let workDir: string;
let sandbox: Sandbox;
let clock: ManualClock;
let burrowUrl: string;
const burrowCluster = 'sandbox';

/** Should the test process end without its afterAll (a crash, a kill), the children go with it. */
const killChildren = () => {
  for (const child of processes) if (child.exitCode === null) child.kill('SIGKILL');
};

function startProcess(name: string, command: string, args: string[]): ChildProcess {
  const child = spawn(command, args, { cwd: workDir, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  output.set(name, lines);
  const keep = (chunk: Buffer) => {
    lines.push(chunk.toString('utf8'));
    if (lines.length > 200) lines.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  processes.push(child);
  return child;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** ZooKeeper is ready once it answers `srvr` (accepting a connection comes earlier). */
function zookeeperServes(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let answer = '';
    socket.setTimeout(2000, () => socket.destroy());
    socket.once('connect', () => socket.write('srvr'));
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
    socket.once('close', () => resolve(/Mode: standalone/.test(answer)));
    socket.once('error', () => resolve(false));
  });
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) {
      const logs = [...output]
        .map(([name, lines]) => `--- ${name}\n${lines.join('').slice(-2000)}`)
        .join('\n');
      throw new Error(`Timed out waiting for ${what}.\n${logs}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function burrow<T>(path: string): Promise<T> {
  const response = await fetch(`${burrowUrl}${path}`);
  if (!response.ok) throw new Error(`Burrow answered ${response.status} for ${path}`);
  return (await response.json()) as T;
}

function burrowConfig(options: { zookeeperPort: number; httpPort: number; bootstrap: string }): string {
  return `
[general]
pidfile="${join(workDir, 'burrow.pid')}"

[logging]
level="warn"

[zookeeper]
servers=["127.0.0.1:${options.zookeeperPort}"]
timeout=6
root-path="/burrow"

# Sarama's requests for Kafka 0.11 are ones the sandbox broker answers (Fetch v4, record batches).
[client-profile.sandbox]
client-id="burrow-crosscheck"
kafka-version="0.11.0"

[cluster.${burrowCluster}]
class-name="kafka"
servers=["${options.bootstrap}"]
client-profile="sandbox"
topic-refresh=1
offset-refresh=1

# Reads every commit from __consumer_offsets, from its oldest record.
[consumer.${burrowCluster}]
class-name="kafka"
cluster="${burrowCluster}"
servers=["${options.bootstrap}"]
client-profile="sandbox"
offsets-topic="__consumer_offsets"

[httpserver.default]
address="127.0.0.1:${options.httpPort}"

[storage.default]
class-name="inmemory"
workers=4
intervals=10
expire-group=315360000
min-distance=1

[evaluator.default]
class-name="caching"
expire-cache=1
`;
}

describe.skipIf(missing.length > 0)(title, () => {
  beforeAll(async () => {
    process.on('exit', killChildren);
    workDir = await mkdtemp(join(tmpdir(), 'flarenet-burrow-'));
    const [zookeeperPort, httpPort] = await Promise.all([freePort(), freePort()]);
    burrowUrl = `http://127.0.0.1:${httpPort}`;

    await writeFile(
      join(workDir, 'zoo.cfg'),
      [
        'tickTime=2000',
        `dataDir=${join(workDir, 'zookeeper')}`,
        `clientPort=${zookeeperPort}`,
        'clientPortAddress=127.0.0.1',
        'admin.enableServer=false',
        '4lw.commands.whitelist=srvr',
        '',
      ].join('\n'),
    );
    startProcess('zookeeper', javaBinary!, [
      '-Xmx128m',
      '-cp',
      `${zookeeperJar}:/etc/zookeeper/conf`,
      'org.apache.zookeeper.server.ZooKeeperServerMain',
      join(workDir, 'zoo.cfg'),
    ]);

    // Commit times are the clock's: Burrow drops commits older than its expire-group, so the clock starts now.
    clock = new ManualClock(Date.now());
    sandbox = await startSandbox({
      host: '127.0.0.1',
      ecsPort: 0,
      kafkaPort: 0,
      seed: 21,
      lively: false,
      clock,
    });
    sandbox.advance(3000);

    await waitUntil('ZooKeeper to serve', () => zookeeperServes(zookeeperPort), 20_000);
    await writeFile(
      join(workDir, 'burrow.toml'),
      burrowConfig({ zookeeperPort, httpPort, bootstrap: sandbox.kafkaBootstrap }),
    );
    startProcess('burrow', burrowBinary!, ['--config-dir', workDir]);
    await waitUntil(
      'Burrow to list the sandbox topics',
      async () => {
        const { topics } = await burrow<{ topics: string[] }>(`/v3/kafka/${burrowCluster}/topic`);
        return topics.includes('payment-process') && topics.includes('user-events');
      },
      20_000,
    );

    // Traffic while Burrow watches: its commits land in __consumer_offsets after Burrow knows
    // the topics' offsets (it drops commits on partitions it has no offsets for yet). One group
    // stalls, one stops committing and one rewinds, so some lags are far from zero.
    await sandbox.runScenario({ kind: 'consumer', group: 'payment-service', behaviour: 'stall' });
    await sandbox.runScenario({ kind: 'consumer', group: 'inventory-service', behaviour: 'stop' });
    await sandbox.runScenario({ kind: 'consumer', group: 'notification-service', behaviour: 'rewind' });
    for (let i = 0; i < 8; i++) {
      sandbox.advance(1000);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 60_000);

  afterAll(async () => {
    await Promise.all(processes.map(stopProcess));
    process.off('exit', killChildren);
    await sandbox?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it("agrees with Burrow on every group's total lag and every partition's current lag", async () => {
    const groups = sandbox.kafka.traffic!.groupIds().sort();
    expect(groups.length).toBeGreaterThan(0);

    // The clock stands still from here. Burrow's view has settled once its end offsets are the
    // broker's and two answers a refresh apart are the same.
    const endOffsets = new Map<string, number[]>();
    for (const topic of new Set(
      groups.flatMap((g) => sandbox.kafka.traffic!.partitionLag(g).map((p) => p.topic)),
    )) {
      endOffsets.set(
        topic,
        sandbox.kafka.broker.log.topic(topic)!.partitions.map((p) => p.endOffset),
      );
    }
    await waitUntil(
      "Burrow's topic offsets to reach the broker's",
      async () => {
        for (const [topic, offsets] of endOffsets) {
          const detail = await burrow<{ offsets: number[] }>(`/v3/kafka/${burrowCluster}/topic/${topic}`);
          if (JSON.stringify(detail.offsets) !== JSON.stringify(offsets)) return false;
        }
        return true;
      },
      20_000,
    );
    let previous = '';
    const burrowLag = new Map<string, BurrowLag>();
    await waitUntil(
      "Burrow's lag to settle",
      async () => {
        for (const group of groups)
          burrowLag.set(group, await burrow<BurrowLag>(`/v3/kafka/${burrowCluster}/consumer/${group}/lag`));
        const current = JSON.stringify(
          [...burrowLag].map(([g, lag]) => [g, lag.status.totallag, lag.status.partitions.length]),
        );
        const settled =
          current === previous && [...burrowLag.values()].every((lag) => lag.status.partitions.length > 0);
        previous = current;
        if (!settled) await new Promise((resolve) => setTimeout(resolve, 1200));
        return settled;
      },
      20_000,
    );

    const monitor = new LagMonitor({
      clusters: [{ name: 'flarenet-kafka', brokers: [sandbox.kafkaBootstrap] }],
      now: () => clock.now(),
    });
    let snapshot: LagSnapshot;
    try {
      await monitor.refresh();
      snapshot = monitor.snapshot();
      expect(snapshot.clusters[0]?.state).toBe('ok');

      for (const group of groups) {
        const console = monitor.groupDetails('flarenet-kafka', group);
        const theirs = burrowLag.get(group)!.status;
        const ours = console.partitions.filter((p) => p.committedOffset !== null);
        expect({ group, totalLag: console.group.totalLag }).toEqual({ group, totalLag: theirs.totallag });
        expect(
          theirs.partitions
            .filter((p) => p.end !== null)
            .map((p) => [p.topic, p.partition, p.end!.offset, p.current_lag])
            .sort(),
        ).toEqual(ours.map((p) => [p.topic, p.partition, p.committedOffset, p.lag]).sort());
      }
    } finally {
      await monitor.stop();
    }
    // Not a trivial agreement: the stalled and the stopped groups are well behind.
    expect(snapshot.groups.find((g) => g.groupId === 'payment-service')!.totalLag).toBeGreaterThan(10);
    expect(snapshot.groups.find((g) => g.groupId === 'inventory-service')!.totalLag).toBeGreaterThan(10);
  }, 60_000);
});
