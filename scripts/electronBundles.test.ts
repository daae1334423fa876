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
