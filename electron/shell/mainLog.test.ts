import { EventEmitter } from 'node:events';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appLogFolder, logProcessErrors, MainLog } from './mainLog';

let folder: string | undefined;
let log: MainLog | undefined;
afterEach(async () => {
  log?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

async function logFolder(): Promise<string> {
  folder = await mkdtemp(join(tmpdir(), 'flarenet-log-'));
  return join(folder, 'logs');
}

const at = new Date('2026-12-04T09:30:00.000Z');

describe('MainLog', () => {
  it('writes timestamped lines to main.log in an owner-only folder and file, and echoes them', async () => {
    const logs = await logFolder();
    const echoed: string[] = [];
    log = new MainLog({ folder: logs, now: () => at, echo: (line) => echoed.push(line) });
    log.info('Console started');
    log.error('Refresh failed', new Error('socket hang up'));
    const text = await readFile(join(logs, 'main.log'), 'utf8');
    expect(text.split('\n')[0]).toBe('2026-12-04T09:30:00.000Z info  Console started');
    expect(text).toContain('2026-12-04T09:30:00.000Z error Refresh failed: Error: socket hang up\n    at ');
    expect(echoed[0]).toBe('2026-12-04T09:30:00.000Z info  Console started');
    expect((await stat(join(logs, 'main.log'))).mode & 0o777).toBe(0o600);
    expect((await stat(logs)).mode & 0o777).toBe(0o700);
  });

  it('rotates by size, keeping the newest files and dropping the oldest', async () => {
    const logs = await logFolder();
    log = new MainLog({ folder: logs, maxBytes: 100, keep: 2, now: () => at });
    // Each line is 60 bytes with its timestamp, so each file holds one.
    for (const word of ['first', 'second', 'third', 'fourth']) log.info(word.padEnd(29, '.'));
    expect((await readdir(logs)).sort()).toEqual(['main.1.log', 'main.2.log', 'main.log']);
    expect(await readFile(join(logs, 'main.log'), 'utf8')).toContain('fourth');
    expect(await readFile(join(logs, 'main.1.log'), 'utf8')).toContain('third');
    expect(await readFile(join(logs, 'main.2.log'), 'utf8')).toContain('second');
  });

  it('goes on appending to the file an earlier run left, counting its size', async () => {
    const logs = await logFolder();
    new MainLog({ folder: logs, maxBytes: 100, now: () => at }).info('from the last run'.padEnd(29, '.'));
    log = new MainLog({ folder: logs, maxBytes: 100, now: () => at });
    log.info('from this run'.padEnd(29, '.'));
    expect(await readFile(join(logs, 'main.1.log'), 'utf8')).toContain('from the last run');
    expect(await readFile(join(logs, 'main.log'), 'utf8')).toContain('from this run');
  });

  it('keeps going when the file cannot be written, saying so once', async () => {
    const logs = await logFolder();
    const echoed: string[] = [];
    // A file where the folder should be: nothing can be created in it.
    await writeFile(logs, 'not a folder');
    log = new MainLog({ folder: logs, now: () => at, echo: (line) => echoed.push(line) });
    log.info('one');
    log.info('two');
    expect(echoed.filter((line) => line.startsWith('The log file'))).toHaveLength(1);
    expect(echoed.filter((line) => line.endsWith('two'))).toHaveLength(1);
  });
});

describe('appLogFolder', () => {
  it("is the platform's log folder, or logs in the data folder when Electron cannot name it", () => {
    const paths: Record<string, string> = {
      logs: '/home/ops/.config/FlareNet Console/logs',
      userData: '/data',
    };
    expect(appLogFolder({ getPath: (name) => paths[name]! })).toBe('/home/ops/.config/FlareNet Console/logs');
    const failing = (name: string) => {
      if (name === 'logs') throw new Error("Failed to get 'logs' path");
      return '/data';
    };
    expect(appLogFolder({ getPath: failing })).toBe(join('/data', 'logs'));
  });
});

describe('logProcessErrors', () => {
  /** A process that reports errors as Node's does, with the log and what was stopped for. */
  async function watched() {
    const logs = await logFolder();
    log = new MainLog({ folder: logs, now: () => at });
    const process = new EventEmitter();
    const fatal: Error[] = [];
    logProcessErrors(process, log, (error) => fatal.push(error));
    return { process, fatal, logText: () => readFile(join(logs, 'main.log'), 'utf8') };
  }

  it('logs an uncaught exception with its stack, then stops the console', async () => {
    const { process, fatal, logText } = await watched();
    const error = new TypeError("Cannot read properties of undefined (reading 'arn')");
    process.emit('uncaughtException', error);
    expect(fatal).toEqual([error]);
    expect(await logText()).toContain(
      "error Uncaught exception in the main process: TypeError: Cannot read properties of undefined (reading 'arn')\n    at ",
    );
  });

  it('logs an unhandled rejection, whatever was rejected, and goes on', async () => {
    const { process, fatal, logText } = await watched();
    process.emit('unhandledRejection', new Error('ThrottlingException'));
    process.emit('unhandledRejection', 'a plain string');
    expect(fatal).toEqual([]);
    const text = await logText();
    expect(text).toContain('Unhandled promise rejection in the main process: Error: ThrottlingException');
    expect(text).toContain('Unhandled promise rejection in the main process: a plain string');
  });
});
