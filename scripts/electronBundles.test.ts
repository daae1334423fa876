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

/**
 * Runs the bundle as an app that becomes ready, until `done` says what it printed last is
 * what the test waits for; then stops it. What it printed, and its other output (main's log).
 */
async function runApp(
  args: string[],
  env: Record<string, string>,
  done: (last: Reported) => boolean,
): Promise<{ reported: Reported[]; logged: string[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', standIn, mainPath, ...args], {
    env: standInEnv({ FAKE_ELECTRON_READY: '1', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const reported: Reported[] = [];
  const logged: string[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        const lines = reportedLines(line);
        if (lines.length === 0) logged.push(line);
        reported.push(...lines);
        if (lines.some(done)) resolve();
      });
      child.once('exit', (code) =>
        reject(new Error(`main exited (${code}) before it did what the test waits for:\n${stderr}`)),
      );
    });
  } finally {
    child.kill();
  }
  return { reported, logged };
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
    // Everything up to the page's first stream event: then main has done all it does at start.
    const { reported } = await runApp([link], {}, (last) => last.what === 'send');
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

describe('the built Electron main process closing its window', () => {
  it('hides the window to the tray on a desktop that shows tray icons, and says so', async () => {
    // The stand-in says `close` once the window's close listeners have run.
    const { reported } = await runApp(
      [],
      { FAKE_ELECTRON_TRAY: 'shown', FAKE_ELECTRON_CLOSE: '1' },
      (last) => last.what === 'close',
    );
    const detailOf = (what: string) => reported.find((line) => line.what === what)?.detail;
    expect(detailOf('dbus-send')).toBe('string:org.kde.StatusNotifierWatcher');
    // The icon is the one the build put beside main, as it is inside the installed app's archive.
    expect(detailOf('createFromPath')).toEqual({ file: 'trayIcon.png', besideMain: true, found: true });
    expect(detailOf('new Tray')).toEqual({ icon: 'trayIcon.png' });
    expect(detailOf('setToolTip')).toMatch(/^FlareNet Console/);
    expect(detailOf('setContextMenu')).toEqual(
      expect.arrayContaining([
        'Open FlareNet Console',
        'Mute All Notifications for 1 Hour',
        'Quit FlareNet Console',
      ]),
    );
    expect(detailOf('close')).toEqual({ prevented: true });
    expect(reported.map((line) => line.what)).toContain('hide');
    expect(reported.map((line) => line.what)).not.toContain('quit');
    expect(
      reported.filter((line) => line.what === 'showNotification').map((line) => line.detail),
    ).toContainEqual({
      title: 'FlareNet Console is still running in the tray',
      body: 'It keeps watching and notifying with its window closed. To quit, choose Quit from its tray icon’s menu, or press Ctrl+Q in its window.',
    });
  });

  it('quits when its window is closed on a desktop without tray icons, as before, and logs why', async () => {
    const { reported, logged } = await runApp(
      [],
      { FAKE_ELECTRON_CLOSE: '1' },
      (last) => last.what === 'quit',
    );
    const asked = reported.map((line) => line.what);
    expect(asked).toContain('dbus-send');
    expect(asked).not.toContain('new Tray');
    expect(reported.find((line) => line.what === 'close')?.detail).toEqual({ prevented: false });
    expect(logged.join('\n')).toContain(
      'No tray icon: the desktop shows no tray icons: nothing on its session bus hosts them (org.kde.StatusNotifierWatcher); closing the window quits the console',
    );
  });
});
