import { toIpcError } from '../core/ipc/consoleError';
import type { CliIo } from './cliCommand';
import { startSandboxOnDemand } from '../sandbox/sandboxOnDemand';
import { runCli } from './runCli';

/** The entry point of `npm run cli`: wires the process to runCli and exits with its code. */

async function main(): Promise<void> {
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
  const code = await runCli(process.argv.slice(2), io);
  // Exit once the output is out: a pipe may still be draining, and a client socket must not keep a finished command alive.
  process.stdout.write('', () => process.exit(code));
}

main().catch((error: unknown) => {
  process.stderr.write(`Error: ${toIpcError(error).message}\n`);
  process.exit(1);
});
