import type { ParseArgsConfig } from 'node:util';
import type { StartSandbox } from '../core/config/consoleSource';

/** What a subcommand gets from the entry point: where to write, and the environment it runs in. */
export interface CliIo {
  out(text: string): void;
  err(line: string): void;
  /** stdout is a terminal (colour, width). */
  isTty: boolean;
  columns: number | undefined;
  env: NodeJS.ProcessEnv;
  /** Starts a sandbox for a command that names no source. */
  startSandbox: StartSandbox;
}

/** Parsed flags, as `run` gets them. */
export type FlagValues = Record<string, string | boolean | undefined>;

/** A string flag's value; undefined when it was not given. */
export function textFlag(values: FlagValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export interface CliCommand {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The full help text shown by `<command> --help` and after a usage error. */
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Returns the exit code. Throw a UsageError for bad flags, anything else for a failure. */
  run(values: FlagValues, positionals: string[], io: CliIo): Promise<number>;
}

/** Wrong flags or arguments: the entry point prints the message and the command's usage. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
