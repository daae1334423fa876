import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface HostProcess {
  url: string;
  /** The embedded sandbox's ECS endpoint, when the host runs on the sandbox. */
  sandboxEcsEndpoint: string | null;
  dataDir: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the console host as its own process, exactly as `npm run host` does, with a
 * fresh data folder, and waits for the line that gives its URL.
 */
export async function startHostProcess(args: string[] = []): Promise<HostProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'flarenet-e2e-data-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'electron/host/hostCli.ts', '--port', '0', '--data-dir', dataDir, ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FLARENET_CONFIG: '' },
    },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`The console host did not start within 60 s. Output:\n${output}`)),
      60_000,
    );
    const check = () => {
      const match = /host ready[^:]*: (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The console host exited with ${code} before it was ready. Output:\n${output}`));
    });
  });
  const sandbox = /sandbox \(ECS endpoint (http:\/\/[^,)\s]+)/.exec(output);

  return {
    url,
    sandboxEcsEndpoint: sandbox?.[1] ?? null,
    dataDir,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
