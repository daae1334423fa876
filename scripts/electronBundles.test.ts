import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildElectronBundles } from './electronBundles';

/** One thing main asked of Electron, as electron/testing/electronStandIn.ts prints it. */
interface Reported {
  what: string;
  detail?: unknown;
}

const standIn = join('electron', 'testing', 'electronStandIn.ts');
let folder: string;
let mainPath: string;

beforeAll(async () => {
  // Inside the checkout, so the bundle's requires of npm packages find node_modules as in dist/.
  const cache = join(process.cwd(), 'node_modules', '.cache');
  await mkdir(cache, { recursive: true });
  folder = await mkdtemp(join(cache, 'electron-bundle-'));
  mainPath = (await buildElectronBundles(join(folder, 'electron'))).main;
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

function standInEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, FAKE_ELECTRON_DATA: join(folder, 'data'), FLARENET_CONFIG: '', ...extra };
}

function reportedLines(text: string): Reported[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Reported);
}

/** Loads the bundle with an app that never becomes ready: what main does on load alone. */
function loadMain(args: string[], lock: 'free' | 'held'): { reported: string[] } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', standIn, mainPath, ...args], {
    encoding: 'utf8',
    env: standInEnv({ FAKE_ELECTRON_LOCK: lock }),
  });
  if (run.status !== 0) throw new Error(`The bundle failed to load:\n${run.stderr}`);
  return {
    reported: reportedLines(run.stdout).map((line) => `${line.what} ${JSON.stringify(line.detail ?? null)}`),
  };
}

/** Runs the bundle as an app given a `flarenet` command line; its own output, untouched. */
function runCommand(
  args: string[],
  packaged: boolean,
): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', standIn, mainPath, ...args], {
    encoding: 'utf8',
    env: standInEnv(packaged ? { FAKE_ELECTRON_PACKAGED: '1' } : {}),
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Everything the stand-in printed for main, except what main only loading prints. */
const askedOfElectron = (stdout: string) =>
  reportedLines(stdout)
    .map((line) => line.what)
    .filter((what) => what !== 'loaded');

describe('the built Electron main process given a flarenet command', () => {
  it('prints the version and exits 0, without a window or the single-instance lock', () => {
    const run = runCommand(['--version'], false);
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('0.0.0-stand-in');
    expect(askedOfElectron(run.stdout)).toEqual([]);
  });

  it("prints the console host's help from an installed app and exits 0", () => {
    const run = runCommand(['host', '--help'], true);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage: flarenet host [options]');
    expect(askedOfElectron(run.stdout)).toEqual([]);
  });

  it("answers a command's usage error on stderr with the CLI's exit code", () => {
    const run = runCommand(['services', '--no-such-flag'], true);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Unknown flag --no-such-flag.');
    expect(askedOfElectron(run.stdout)).toEqual([]);
  });

  it('serves the console from an installed app with the host thread built beside main, and stops cleanly on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', standIn, mainPath, 'host', '--port', '0', '--data-dir', join(folder, 'host-data')],
      { env: standInEnv({ FAKE_ELECTRON_PACKAGED: '1' }), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const reported: string[] = [];
    // Ready is said once the core, in the worker thread, has started the sandbox and answered.
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (line.startsWith('{')) reported.push(...askedOfElectron(line));
        if (/^FlareNet Console host ready \(sandbox, read-only\): http:\/\/127\.0\.0\.1:\d+\//.test(line))
          resolve();
      });
      void exited.then((code) =>
        reject(new Error(`the host exited (${code}) before it was ready:\n${stderr}`)),
      );
    });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(reported).toEqual([]);
  });
});

describe('the built Electron main process', () => {
  it('loads under Node and takes the single-instance lock and the flarenet:// scheme', () => {
    expect(loadMain([], 'free').reported).toEqual([
      'requestSingleInstanceLock {}',
      'setAsDefaultProtocolClient "flarenet"',
      'enableSandbox null',
      'loaded null',
    ]);
  });

  it('hands its link to the running instance and quits when that one holds the lock', () => {
    expect(loadMain(['flarenet://group/main/payments'], 'held').reported).toEqual([
      'requestSingleInstanceLock {"deepLink":"flarenet://group/main/payments"}',
      'quit null',
      'enableSandbox null',
      'loaded null',
    ]);
  });

  it('starts the console on its sandbox, opens one hardened window, answers only its main frame and opens the launch link', async () => {
    const link = 'flarenet://service/production/flarenet-production/payment-service';
    const child = spawn(process.execPath, ['--import', 'tsx', standIn, mainPath, link], {
      env: standInEnv({ FAKE_ELECTRON_READY: '1' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const reported: Reported[] = [];
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      // Everything up to the page's first stream event: then main has done all it does at start.
      await new Promise<void>((resolve, reject) => {
        createInterface({ input: child.stdout }).on('line', (line) => {
          reported.push(...reportedLines(line));
          if (reported.at(-1)?.what === 'send') resolve();
        });
        child.once('exit', (code) =>
          reject(new Error(`main exited (${code}) before opening its page:\n${stderr}`)),
        );
      });
    } finally {
      child.kill();
    }
    const detailOf = (what: string) => reported.find((line) => line.what === what)?.detail;
    expect(detailOf('new BrowserWindow')).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(reported.map((line) => line.what)).toEqual(
      expect.arrayContaining([
        'setWindowOpenHandler',
        'setPermissionRequestHandler',
        'setPermissionCheckHandler',
      ]),
    );
    expect(detailOf('setApplicationMenu')).toEqual(['File', 'editMenu', 'View', 'windowMenu']);
    expect(detailOf('main frame asks')).toMatchObject({
      ok: true,
      value: { shell: 'electron', source: 'sandbox' },
    });
    expect(detailOf('subframe asks')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(detailOf('send')).toEqual({
      channel: 'flarenet:stream',
      message: {
        type: 'event',
        id: 1,
        event: {
          type: 'open',
          target: {
            kind: 'service',
            environment: 'production',
            cluster: 'flarenet-production',
            service: 'payment-service',
          },
        },
      },
    });
  });
});
