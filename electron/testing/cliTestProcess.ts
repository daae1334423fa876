import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

/**
 * The CLI as a person runs it, for tests: a separate `tsx electron/cli/cli.ts` process with
 * colour off. Asynchronous on purpose: the sandbox answering the command runs in the test's process.
 */

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const cli = join(root, 'electron', 'cli', 'cli.ts');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliProcessOptions {
  /** Added to this process's environment (NO_COLOR is always set). */
  env?: NodeJS.ProcessEnv;
  /** Written to the command's stdin, which is then closed; without it stdin stays open. */
  input?: string;
  timeoutMs?: number;
}

/** Runs `cli <args>` to its end. */
export function runCliProcess(args: string[], options: CliProcessOptions = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(
      tsx,
      [cli, ...args],
      {
        cwd: root,
        env: { ...process.env, NO_COLOR: '1', ...options.env },
        timeout: options.timeoutMs ?? 60_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** Starts `cli <args>` and leaves it running, for commands that follow until interrupted. */
export function spawnCliProcess(args: string[]): ChildProcessWithoutNullStreams {
  return spawn(tsx, [cli, ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
}
