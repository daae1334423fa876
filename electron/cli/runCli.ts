import { parseArgs } from 'node:util';
import { toIpcError } from '../core/ipc/consoleError';
import { UsageError, type CliCommand, type CliIo } from './cliCommand';
import { lagCommand } from './lagCommand';
import { secretsCommand } from './secretsCommand';
import { logsCommand } from './logsCommand';
import { overviewCommand } from './overviewCommand';
import { promoteCommand } from './promoteCommand';
import { rollbackCommand } from './rollbackCommand';
import { servicesCommand } from './servicesCommand';
import { topologyCommand } from './topologyCommand';

/**
 * `flarenet <command> [flags]`: the console's views for a terminal. Each command is its own
 * module; adding one is adding it to this table.
 */
const commands: CliCommand[] = [
  servicesCommand,
  rollbackCommand,
  promoteCommand,
  lagCommand,
  secretsCommand,
  logsCommand,
  topologyCommand,
  overviewCommand,
];

/** Started by the entry point before runCli (it serves until stopped); listed here with the rest. */
const hostSummary = {
  name: 'host',
  summary: 'Serve the console to browsers on this machine (wall screens, browser mode)',
};

function overview(): string {
  const listed = [...commands, hostSummary];
  const width = Math.max(...listed.map((c) => c.name.length));
  return [
    'FlareNet Console command line',
    '',
    'Usage: flarenet <command> [flags]   (from a checkout: npm run cli -- <command> [flags])',
    '',
    'Commands:',
    ...listed.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run `flarenet <command> --help` for a command's flags, `flarenet --version` for the version.",
  ].join('\n');
}

const helpWords = ['--help', '-h', 'help'];
const versionWords = ['--version', '-v', 'version'];

/** Whether a command line starting with `word` is one `flarenet` answers (a command, help or the version). */
export function isCliCommand(word: string): boolean {
  return (
    word === hostSummary.name ||
    helpWords.includes(word) ||
    versionWords.includes(word) ||
    commands.some((command) => command.name === word)
  );
}

export async function runCli(argv: string[], io: CliIo, program: { version: string }): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.err(overview());
    return 2;
  }
  if (helpWords.includes(name)) {
    io.out(`${overview()}\n`);
    return 0;
  }
  if (versionWords.includes(name)) {
    io.out(`${program.version}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`Unknown command "${name}".`);
    io.err(overview());
    return 2;
  }

  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    const parsed = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    values = parsed.values;
    positionals = parsed.positionals;
  } catch (error) {
    io.err(describeParseError(error));
    io.err(command.usage);
    return 2;
  }
  if (values.help) {
    io.out(`${command.usage}\n`);
    return 0;
  }

  try {
    return await command.run(values, positionals, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(error.message);
      io.err(command.usage);
      return 2;
    }
    io.err(`Error: ${toIpcError(error).message}`);
    if (io.env.FLARENET_DEBUG && error instanceof Error && error.stack) io.err(error.stack);
    return 1;
  }
}

/** node:util's messages carry advice about `--` that only confuses here. */
function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const option = /'(-[^']*)'/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `Unknown flag ${option}.`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option)
    return `Flag ${option.split(' ')[0]} needs a value.`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return message.split('.')[0] + '.';
  return message;
}
