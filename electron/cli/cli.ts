#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { toIpcError } from '../core/ipc/consoleError';
import { runHostCli } from '../host/hostCli';
import type { CliIo } from './cliCommand';
import { startSandboxOnDemand } from '../sandbox/sandboxOnDemand';
import { runCli } from './runCli';

/**
 * The entry point of the `flarenet` command (built to dist/cli/flarenet.mjs) and of
 * `npm run cli`: wires the process to runCli and exits with its code. `flarenet host` starts
 * the console host instead, which runs until it is stopped.
 */

/** package.json is two folders up from this file and from the built one alike. */
function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: unknown;
  };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}

async function main(): Promise<void> {
  const [first, ...rest] = process.argv.slice(2);
  if (first === 'host') {
    runHostCli(rest, packageVersion());
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
  const code = await runCli(process.argv.slice(2), io, { version: packageVersion() });
  // Exit once the output is out: a pipe may still be draining, and a client socket must not keep a finished command alive.
  process.stdout.write('', () => process.exit(code));
}

main().catch((error: unknown) => {
  process.stderr.write(`Error: ${toIpcError(error).message}\n`);
  process.exit(1);
});
