import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sandboxRegion } from '../../shared/ipc/sandbox';
import type { ConsoleConfigInput } from '../../electron/core/config/consoleConfig';
import { benchKafkaCluster } from './consoleMonitors';
import type { SandboxEndpoints } from './sandboxMessages';

/**
 * The console host as `npm run host` starts it, in its own process (so its memory is its
 * own), with a config that points it at the bench's sandbox: the whole console core, fleet
 * and lag monitors included, serving the built renderer and the WebSocket.
 */
export interface HostProcess {
  url: string;
  pid: number;
  /** The host's resident set size now, from /proc; null where /proc is missing. */
  rssBytes(): Promise<number | null>;
  output(): string;
  stop(): Promise<void>;
}

export async function startHostProcess(
  endpoints: SandboxEndpoints,
  timeoutMs = 120_000,
): Promise<HostProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'flarenet-bench-host-'));
  const config: ConsoleConfigInput = {
    environments: [{ name: 'bench', aws: { region: sandboxRegion, endpoint: endpoints.ecsEndpoint } }],
    kafka: [{ name: benchKafkaCluster, environment: 'bench', brokers: [endpoints.kafkaBootstrap] }],
  };
  const configPath = join(dataDir, 'bench-config.json');
  await writeFile(configPath, JSON.stringify(config, null, 2));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'electron/host/hostCli.ts',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--config',
      configPath,
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FLARENET_CONFIG: '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the console host did not start within ${timeoutMs / 1000} s`)),
        timeoutMs,
      );
      child.stdout?.on('data', () => {
        const match = /host ready[^:]*: (http:\/\/\S+)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the console host exited with ${code} before it was ready: ${output.slice(-300)}`));
      });
    });
    const pid = child.pid!;
    return { url, pid, rssBytes: () => rssOf(pid), output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** VmRSS of a process, in bytes. */
async function rssOf(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kilobytes = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
    return kilobytes === undefined ? null : Number(kilobytes) * 1024;
  } catch {
    return null;
  }
}
