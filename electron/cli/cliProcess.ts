import { toIpcError } from '../core/ipc/consoleError';
import { runHostCli } from '../host/hostCli';
import { startSandboxOnDemand } from '../sandbox/sandboxOnDemand';
import type { CliIo } from './cliCommand';
import { runCli } from './runCli';

/**
 * Runs one `flarenet` command line in this process: the command writes to the process's
 * stdout and stderr, and the process exits with its code. `host` starts the console host
 * instead, which serves until SIGINT or SIGTERM. The `flarenet` command (cli.ts) and the
 * installed desktop app, given a command, both start here.
 */
export function runCliInProcess(argv: string[], version: string): void {
  const [first, ...rest] = argv;
  if (first === 'host') {
    runHostCli(rest, version);
    return;
  }
  // The SDK's advice about future Node versions is for the project, not for every command's output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const io: CliIo = {
    out: (text) => process.stdout.write(text),
    err: (line) => process.stderr.write(`${line}\n`),
    isTty: process.stdout.isTTY === true,
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
    env: process.env,
    startSandbox: startSandboxOnDemand,
  };
  runCli(argv, io, { version }).then(
    // Exit once the output is out: a pipe may still be draining, and a client socket must not keep a finished command alive.
    (code) => process.stdout.write('', () => process.exit(code)),
    (error: unknown) => {
      process.stderr.write(`Error: ${toIpcError(error).message}\n`);
      process.exit(1);
    },
  );
}
