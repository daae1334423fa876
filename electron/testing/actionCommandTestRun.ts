import { parseArgs } from 'node:util';
import { toIpcError } from '../core/ipc/consoleError';
import { UsageError, type CliCommand } from '../cli/cliCommand';
import { startSandboxOnDemand } from '../sandbox/sandboxOnDemand';

/**
 * Runs one command as the CLI's entry point does (same flag parsing, same exit codes), with
 * its output captured, so a command's tests do not depend on which commands the table lists.
 */
export async function runCommandForTest(
  command: CliCommand,
  argv: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = {
    out: (text: string) => {
      stdout += text;
    },
    err: (line: string) => {
      stderr += `${line}\n`;
    },
    isTty: false,
    columns: 200,
    env: { NO_COLOR: '1', ...env },
    startSandbox: startSandboxOnDemand,
  };
  let code: number;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    code = await command.run(values, positionals, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(error.message);
      code = 2;
    } else {
      io.err(`Error: ${toIpcError(error).message}`);
      code = 1;
    }
  }
  return { code, stdout, stderr };
}
