import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConsoleConfigInput } from '../core/config/consoleConfig';

export interface HostProcess {
  url: string;
  pid: number;
  /** The embedded sandbox's ECS endpoint, when the host runs on the sandbox. */
  sandboxEcsEndpoint: string | null;
  /** What the embedded sandbox's controls ask for: the host's token, as a Bearer header. */
  sandboxControlHeaders: Record<string, string>;
  dataDir: string;
  output(): string;
  stop(): Promise<void>;
}

export interface HostProcessOptions {
  /** A console config, written into the host's data folder and passed with `--config`. */
  config?: ConsoleConfigInput;
  /** Added to the host's environment. */
  env?: NodeJS.ProcessEnv;
  /** How long the host may take to say it is ready; 60 s unless given. */
  timeoutMs?: number;
  /** Keeps only the last so many characters of the host's output, for long runs; all of it unless given. */
  outputChars?: number;
}

/**
 * Starts the console host as its own process, exactly as `npm run host` does, with a
 * fresh data folder, and waits for the line that gives its URL.
 */
export async function startHostProcess(
  args: string[] = [],
  options: HostProcessOptions = {},
): Promise<HostProcess> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const dataDir = await mkdtemp(join(tmpdir(), 'flarenet-host-'));
  const configArgs: string[] = [];
  if (options.config) {
    const configPath = join(dataDir, 'host-config.json');
    await writeFile(configPath, JSON.stringify(options.config, null, 2));
    configArgs.push('--config', configPath);
  }
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
      ...configArgs,
      ...args,
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FLARENET_CONFIG: '', ...options.env },
    },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (options.outputChars !== undefined) output = output.slice(-options.outputChars);
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
        () =>
          reject(
            new Error(`The console host did not start within ${timeoutMs / 1000} s. Output:\n${output}`),
          ),
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
        const lastWords = output.slice(-300).replace(/\s+/g, ' ').trim();
        reject(
          new Error(
            `The console host exited with ${code} before it was ready: ${lastWords}\nOutput:\n${output}`,
          ),
        );
      });
    });
    const sandbox = /sandbox \(ECS endpoint (http:\/\/[^,)\s]+)/.exec(output);
    return {
      url,
      pid: child.pid!,
      sandboxEcsEndpoint: sandbox?.[1] ?? null,
      sandboxControlHeaders: {
        'content-type': 'application/json',
        authorization: `Bearer ${new URL(url).searchParams.get('token') ?? ''}`,
      },
      dataDir,
      output: () => output,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
