/**
 * LinkedIn Burrow (Debian's `burrow`) with the ZooKeeper it needs, reading a broker, as the
 * Burrow cross-check test runs them (electron/core/kafka/burrowCrossCheck.test.ts; a test
 * file cannot be imported, so the setup is repeated here in its smallest form).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

const zookeeperJar = '/usr/share/java/zookeeper.jar';
export const burrowClusterName = 'sandbox';

/** The window Burrow judges with, the console's default (shared/kafka/burrowEvaluator.ts): ten commits, half of them before judging. */
const intervals = 10;
const minimumComplete = 0.5;

function findExecutable(names: string[]): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of names) {
      const path = join(dir, name);
      try {
        accessSync(path, constants.X_OK);
        return path;
      } catch {
        // not in this folder
      }
    }
  }
  return null;
}

function readable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/** Why Burrow cannot run here, or null when it can. */
export function burrowMissing(): string | null {
  const missing = [
    findExecutable(['burrow', 'Burrow']) ? null : 'burrow',
    readable(zookeeperJar) ? null : 'zookeeper',
    findExecutable(['java']) ? null : 'java',
  ].filter((name): name is string => name !== null);
  return missing.length === 0
    ? null
    : `${missing.join(', ')} not installed (apt-get install -y burrow zookeeper, as .ci/run does)`;
}

export interface BurrowLagStatus {
  status: string;
  complete: number;
  totallag: number;
}

export interface RunningBurrow {
  /** Burrow's group status (OK, WARN, ERR, NOTFOUND), or null while Burrow does not know the group. */
  groupStatus(group: string): Promise<BurrowLagStatus | null>;
  /** The consumer groups Burrow has read commits of. */
  groups(): Promise<string[]>;
  describe: string;
  stop(): Promise<void>;
}

export async function startBurrow(bootstrap: string): Promise<RunningBurrow> {
  const burrowBinary = findExecutable(['burrow', 'Burrow'])!;
  const java = findExecutable(['java'])!;
  const workDir = await mkdtemp(join(tmpdir(), 'flarenet-bench-burrow-'));
  const children: ChildProcess[] = [];
  const output: string[] = [];
  const start = (command: string, args: string[]) => {
    const child = spawn(command, args, { cwd: workDir, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      output.push(chunk.toString('utf8'));
      if (output.length > 100) output.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    children.push(child);
  };
  const stop = async () => {
    await Promise.all(children.map(stopChild));
    await rm(workDir, { recursive: true, force: true });
  };
  try {
    const [zookeeperPort, httpPort] = await Promise.all([freePort(), freePort()]);
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
    start(java, [
      '-Xmx128m',
      '-cp',
      `${zookeeperJar}:/etc/zookeeper/conf`,
      'org.apache.zookeeper.server.ZooKeeperServerMain',
      join(workDir, 'zoo.cfg'),
    ]);
    await waitUntil('ZooKeeper to serve', () => zookeeperServes(zookeeperPort), 30_000, output);
    await writeFile(join(workDir, 'burrow.toml'), burrowConfig(workDir, zookeeperPort, httpPort, bootstrap));
    start(burrowBinary, ['--config-dir', workDir]);
    const url = `http://127.0.0.1:${httpPort}/v3/kafka/${burrowClusterName}`;
    const get = async <T>(path: string): Promise<T | null> => {
      const response = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(10_000) });
      if (response.status === 404) return null;
      if (!response.ok) throw new Error(`Burrow answered ${response.status} for ${path}`);
      return (await response.json()) as T;
    };
    await waitUntil(
      'Burrow to read the broker',
      async () => ((await get<{ topics: string[] }>('/topic'))?.topics.length ?? 0) > 0,
      60_000,
      output,
    );
    return {
      groupStatus: async (group) =>
        (await get<{ status: BurrowLagStatus }>(`/consumer/${encodeURIComponent(group)}/lag`))?.status ??
        null,
      groups: async () => (await get<{ consumers: string[] }>('/consumer'))?.consumers ?? [],
      describe: `Burrow reading offsets every second, window ${intervals} commits, minimum-complete ${minimumComplete}`,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function burrowConfig(workDir: string, zookeeperPort: number, httpPort: number, bootstrap: string): string {
  return `
[general]
pidfile="${join(workDir, 'burrow.pid')}"

[logging]
level="warn"

[zookeeper]
servers=["127.0.0.1:${zookeeperPort}"]
timeout=6
root-path="/burrow"

# Sarama's requests for Kafka 0.11 are ones the sandbox broker answers.
[client-profile.sandbox]
client-id="burrow-bench"
kafka-version="0.11.0"

[cluster.${burrowClusterName}]
class-name="kafka"
servers=["${bootstrap}"]
client-profile="sandbox"
topic-refresh=1
offset-refresh=1

[consumer.${burrowClusterName}]
class-name="kafka"
cluster="${burrowClusterName}"
servers=["${bootstrap}"]
client-profile="sandbox"
offsets-topic="__consumer_offsets"

[httpserver.default]
address="127.0.0.1:${httpPort}"

[storage.default]
class-name="inmemory"
workers=4
intervals=${intervals}
expire-group=315360000
min-distance=0

[evaluator.default]
class-name="caching"
expire-cache=1
minimum-complete=${minimumComplete}
`;
}

async function stopChild(child: ChildProcess): Promise<void> {
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

async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  output: readonly string[],
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${output.join('').slice(-300).replace(/\s+/g, ' ')}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
