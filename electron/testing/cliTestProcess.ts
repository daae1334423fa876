import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The CLI as a person runs it, for tests: a separate `tsx electron/cli/cli.ts` process with
 * colour off. Asynchronous on purpose: the sandbox answering the command runs in the test's process.
 */

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const cli = join(root, 'electron', 'cli', 'cli.ts');

/**
 * A data folder of the tests' own unless a test names one, so a config.json in the data
 * folder of the person running the tests never decides what a command reads.
 */
let emptyDataDir: string | undefined;
function testEnvironment(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  emptyDataDir ??= mkdtempSync(join(tmpdir(), 'flarenet-cli-test-'));
  return { ...process.env, FLARENET_DATA_DIR: emptyDataDir, FLARENET_CONFIG: '', NO_COLOR: '1', ...extra };
}

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
        env: testEnvironment(options.env),
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
  return spawn(tsx, [cli, ...args], { cwd: root, env: testEnvironment() });
}

/**
 * Starts `cli <args>` as one Node process with the TypeScript loader, not the tsx wrapper, so
 * a signal reaches the process that writes the audit log: for tests that kill a command.
 */
export function spawnKillableCliProcess(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: root, env: testEnvironment(env) });
}
