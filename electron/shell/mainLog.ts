import { chmodSync, closeSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ownerOnlyFileMode, ownerOnlyFolderMode } from '../core/app/ownerOnly';

export interface MainLogOptions {
  /** The platform's log folder for the app (Electron's `app.getPath('logs')`). */
  folder: string;
  /** A file is rotated before a line would take it past this size. */
  maxBytes?: number;
  /** How many rotated files are kept besides the current one: main.1.log is the newest. */
  keep?: number;
  now?: () => Date;
  /** Where each line also goes, for a console run from a terminal. */
  echo?: (line: string) => void;
}

const fileName = 'main.log';

/**
 * The platform's log folder for the app. Electron can fail to name it (it throws "Failed to
 * get 'logs' path" on some systems); the log then goes to `logs` in the data folder, where
 * Linux and Windows put it anyway.
 */
export function appLogFolder(app: { getPath(name: 'logs' | 'userData'): string }): string {
  try {
    return app.getPath('logs');
  } catch {
    return join(app.getPath('userData'), 'logs');
  }
}

/**
 * The main process's log file, `main.log` in the platform's log folder, rotated by size
 * (main.log → main.1.log → main.2.log …, the oldest dropped). Lines are written at once and
 * synchronously: the line that matters most is the last one before a crash. The folder and
 * files are owner-only, as they name the services and clusters the console watched. A log
 * that cannot be written never stops the console: the line still goes to `echo`.
 */
export class MainLog {
  readonly path: string;
  private readonly maxBytes: number;
  private readonly keep: number;
  private readonly now: () => Date;
  private readonly echo: (line: string) => void;
  private fd: number | null = null;
  private size = 0;
  private failure: string | null = null;

  constructor(private readonly options: MainLogOptions) {
    this.path = join(options.folder, fileName);
    this.maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
    this.keep = options.keep ?? 3;
    this.now = options.now ?? (() => new Date());
    this.echo = options.echo ?? (() => undefined);
  }

  info(text: string): void {
    this.write('info', text);
  }

  error(text: string, error?: unknown): void {
    this.write('error', error === undefined ? text : `${text}: ${describeFailure(error)}`);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private write(level: 'info' | 'error', text: string): void {
    const line = `${this.now().toISOString()} ${level.padEnd(5)} ${text}\n`;
    this.echo(line.slice(0, -1));
    try {
      const bytes = Buffer.byteLength(line);
      let fd = this.open();
      if (this.size > 0 && this.size + bytes > this.maxBytes) {
        this.rotate();
        fd = this.open();
      }
      writeSync(fd, line);
      this.size += bytes;
      this.failure = null;
    } catch (error) {
      // Said once per failure, not once per line.
      const why = error instanceof Error ? error.message : String(error);
      if (this.failure !== why) this.echo(`The log file ${this.path} cannot be written: ${why}`);
      this.failure = why;
      this.close();
    }
  }

  private open(): number {
    if (this.fd !== null) return this.fd;
    mkdirSync(this.options.folder, { recursive: true, mode: ownerOnlyFolderMode });
    chmodSync(this.options.folder, ownerOnlyFolderMode);
    const fd = openSync(this.path, 'a', ownerOnlyFileMode);
    const { mode, size } = fstatSync(fd);
    if ((mode & 0o077) !== 0) chmodSync(this.path, ownerOnlyFileMode);
    this.fd = fd;
    this.size = size;
    return fd;
  }

  private rotate(): void {
    this.close();
    const rotated = (index: number) => join(this.options.folder, `main.${index}.log`);
    rmSync(rotated(this.keep), { force: true });
    for (let index = this.keep - 1; index >= 1; index--) renameIfThere(rotated(index), rotated(index + 1));
    if (this.keep > 0) renameIfThere(this.path, rotated(1));
    else rmSync(this.path, { force: true });
  }
}

function renameIfThere(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** An error with its stack (which starts with its message), or anything else as text. */
function describeFailure(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/** The part of `process` that reports errors nobody caught. */
export interface ErrorReportingProcess {
  on(event: 'uncaughtException', listener: (error: Error) => void): unknown;
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
}

/**
 * Main-process errors that nothing caught go into the log with their stacks. An uncaught
 * exception leaves the process in a state nobody planned for, so after logging it the console
 * stops (`fatal`), as Node would; a rejected promise nobody awaited is logged as an error and
 * the console goes on, as Electron's main process does by default.
 */
export function logProcessErrors(
  process: ErrorReportingProcess,
  log: MainLog,
  fatal: (error: Error) => void,
): void {
  process.on('uncaughtException', (error) => {
    log.error('Uncaught exception in the main process', error);
    fatal(error);
  });
  process.on('unhandledRejection', (reason) => {
    log.error('Unhandled promise rejection in the main process', reason);
  });
}
