/**
 * LinkedIn Burrow (Debian's `burrow`) with the ZooKeeper it needs, reading a broker as it
 * reads any Kafka cluster: topic offsets by ListOffsets, commits from `__consumer_offsets`.
 * The Burrow cross-check test and the bench's detection race both run it from here.
 *
 * Needs `apt-get install -y burrow zookeeper` (and a Java runtime); `burrowMissing` says
 * what is not there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort } from './freePort';

const zookeeperJar = '/usr/share/java/zookeeper.jar';
const burrowClusterName = 'sandbox';

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
    : `${missing.join(', ')} not installed; apt-get install -y burrow zookeeper, as .ci/run does`;
}

/** How Burrow judges a group: its window of commits and how much of it must be filled first. */
export interface BurrowWindow {
  /** Commits kept per partition (`intervals`). */
  intervals: number;
  /** The shortest time between two commits kept (`min-distance`), in milliseconds. */
  minimumDistanceMs: number;
  /** The share of the window that must be filled before Burrow judges (`minimum-complete`). */
  minimumComplete: number;
}

export interface BurrowOptions {
  /** The broker Burrow reads, host:port. */
  bootstrap: string;
  window: BurrowWindow;
  /** How often Burrow reads the topics' end offsets and the topic list (`offset-refresh`, `topic-refresh`). */
  offsetRefreshSeconds: number;
  /** Burrow's Kafka client id, to tell its requests from others' on the broker. */
  clientId: string;
  /** Burrow is ready once the topics it lists satisfy this; by default, once it lists any. */
  readyWhen?: (topics: readonly string[]) => boolean;
  readyTimeoutMs?: number;
}

/** Burrow's summary of a group, from `/consumer/<group>/lag`. */
export interface BurrowLagStatus {
  status: string;
  complete: number;
  totallag: number;
}

export interface RunningBurrow {
  /** GET from Burrow's HTTP API, below `/v3/kafka/<cluster>`; null where Burrow answers 404. */
  find<T>(path: string): Promise<T | null>;
  /** As `find`, but a 404 is an error too. */
  read<T>(path: string): Promise<T>;
  /** Burrow's group status (OK, WARN, ERR, NOTFOUND), or null while Burrow does not know the group. */
  groupStatus(group: string): Promise<BurrowLagStatus | null>;
  /** The consumer groups Burrow has read commits of. */
  groups(): Promise<string[]>;
  /** Waits for a check to pass; on timeout the error carries ZooKeeper's and Burrow's last output. */
  waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void>;
  describe: string;
  stop(): Promise<void>;
}

export async function startBurrow(options: BurrowOptions): Promise<RunningBurrow> {
  const burrowBinary = findExecutable(['burrow', 'Burrow'])!;
  const java = findExecutable(['java'])!;
  const workDir = await mkdtemp(join(tmpdir(), 'flarenet-burrow-'));
  const children: ChildProcess[] = [];
  const output = new Map<string, string[]>();
  /** Should this process end without stopping Burrow (a crash, a kill), the children go with it. */
  const killChildren = () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  };
  process.on('exit', killChildren);
  const start = (name: string, command: string, args: string[]) => {
    const child = spawn(command, args, { cwd: workDir, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    output.set(name, lines);
    const keep = (chunk: Buffer) => {
      lines.push(chunk.toString('utf8'));
      if (lines.length > 200) lines.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    children.push(child);
  };
  const stop = async () => {
    await Promise.all(children.map(stopChild));
    process.off('exit', killChildren);
    await rm(workDir, { recursive: true, force: true });
  };
  const waitUntil = async (what: string, check: () => Promise<boolean>, timeoutMs: number) => {
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
    start('zookeeper', java, [
      '-Xmx128m',
      '-cp',
      `${zookeeperJar}:/etc/zookeeper/conf`,
      'org.apache.zookeeper.server.ZooKeeperServerMain',
      join(workDir, 'zoo.cfg'),
    ]);
    await waitUntil('ZooKeeper to serve', () => zookeeperServes(zookeeperPort), 30_000);
    await writeFile(join(workDir, 'burrow.toml'), burrowConfig(workDir, zookeeperPort, httpPort, options));
    start('burrow', burrowBinary, ['--config-dir', workDir]);
    const url = `http://127.0.0.1:${httpPort}/v3/kafka/${burrowClusterName}`;
    const find = async <T>(path: string): Promise<T | null> => {
      const response = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(10_000) });
      if (response.status === 404) return null;
      if (!response.ok) throw new Error(`Burrow answered ${response.status} for ${path}`);
      return (await response.json()) as T;
    };
    const read = async <T>(path: string): Promise<T> => {
      const found = await find<T>(path);
      if (found === null) throw new Error(`Burrow answered 404 for ${path}`);
      return found;
    };
    const readyWhen = options.readyWhen ?? ((topics) => topics.length > 0);
    await waitUntil(
      'Burrow to read the broker',
      async () => readyWhen((await find<{ topics: string[] }>('/topic'))?.topics ?? []),
      options.readyTimeoutMs ?? 60_000,
    );
    const { window } = options;
    return {
      find,
      read,
      groupStatus: async (group) =>
        (await find<{ status: BurrowLagStatus }>(`/consumer/${encodeURIComponent(group)}/lag`))?.status ??
        null,
      groups: async () => (await find<{ consumers: string[] }>('/consumer'))?.consumers ?? [],
      waitUntil,
      describe: `Burrow reading offsets every ${options.offsetRefreshSeconds === 1 ? 'second' : `${options.offsetRefreshSeconds} s`}, window ${window.intervals} commits, minimum-complete ${window.minimumComplete}`,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function burrowConfig(
  workDir: string,
  zookeeperPort: number,
  httpPort: number,
  options: BurrowOptions,
): string {
  return `
[general]
pidfile="${join(workDir, 'burrow.pid')}"

[logging]
level="warn"

[zookeeper]
servers=["127.0.0.1:${zookeeperPort}"]
timeout=6
root-path="/burrow"

# Sarama's requests for Kafka 0.11 are ones the sandbox broker answers (Fetch v4, record batches).
[client-profile.sandbox]
client-id="${options.clientId}"
kafka-version="0.11.0"

[cluster.${burrowClusterName}]
class-name="kafka"
servers=["${options.bootstrap}"]
client-profile="sandbox"
topic-refresh=${options.offsetRefreshSeconds}
offset-refresh=${options.offsetRefreshSeconds}

# Reads every commit from __consumer_offsets, from its oldest record.
[consumer.${burrowClusterName}]
class-name="kafka"
cluster="${burrowClusterName}"
servers=["${options.bootstrap}"]
client-profile="sandbox"
offsets-topic="__consumer_offsets"

[httpserver.default]
address="127.0.0.1:${httpPort}"

[storage.default]
class-name="inmemory"
workers=4
intervals=${options.window.intervals}
expire-group=315360000
min-distance=${options.window.minimumDistanceMs / 1000}

[evaluator.default]
class-name="caching"
expire-cache=1
minimum-complete=${options.window.minimumComplete}
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
