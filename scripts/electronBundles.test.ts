import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildElectronBundles } from './electronBundles';

/**
 * Stands in for the `electron` module when the built main process is loaded under plain
 * Node: it records what main asks of the app at load, and never becomes ready, so the
 * process ends once the load is done and prints what was asked.
 */
const fakeElectron = `
const Module = require('node:module');
const calls = [];
const app = {
  getPath: (name) => require('node:path').join(process.env.FAKE_ELECTRON_DATA, name),
  getVersion: () => '0.0.0',
  requestSingleInstanceLock: (data) => { calls.push('requestSingleInstanceLock ' + JSON.stringify(data)); return process.env.FAKE_ELECTRON_LOCK !== 'held'; },
  setAsDefaultProtocolClient: (scheme) => { calls.push('setAsDefaultProtocolClient ' + scheme); return true; },
  enableSandbox: () => calls.push('enableSandbox'),
  quit: () => calls.push('quit'),
  exit: (code) => calls.push('exit ' + code),
  on: () => app,
  once: () => app,
  whenReady: () => new Promise(() => {}),
};
const electron = { app, BrowserWindow: class {}, dialog: {}, ipcMain: {}, Menu: {}, safeStorage: {}, screen: {}, shell: {} };
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'electron' ? electron : load.call(this, request, ...rest);
};
process.on('exit', () => process.stdout.write(JSON.stringify(calls)));
`;

let folder: string;
let mainPath: string;
let stubPath: string;

beforeAll(async () => {
  // Inside the checkout, so the bundle's requires of npm packages find node_modules as in dist/.
  const cache = join(process.cwd(), 'node_modules', '.cache');
  await mkdir(cache, { recursive: true });
  folder = await mkdtemp(join(cache, 'electron-bundle-'));
  mainPath = (await buildElectronBundles(join(folder, 'electron'))).main;
  stubPath = join(folder, 'fakeElectron.cjs');
  await writeFile(stubPath, fakeElectron);
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

function loadMain(
  args: string[],
  lock: 'free' | 'held',
): { status: number | null; calls: string[]; stderr: string } {
  const run = spawnSync(process.execPath, ['--require', stubPath, mainPath, ...args], {
    encoding: 'utf8',
    env: { ...process.env, FAKE_ELECTRON_DATA: join(folder, 'data'), FAKE_ELECTRON_LOCK: lock },
  });
  return { status: run.status, calls: JSON.parse(run.stdout || '[]') as string[], stderr: run.stderr };
}

describe('the built Electron main process', () => {
  it('loads under Node and takes the single-instance lock and the flarenet:// scheme', () => {
    const run = loadMain([], 'free');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([
      'requestSingleInstanceLock {}',
      'setAsDefaultProtocolClient flarenet',
      'enableSandbox',
    ]);
  });

  it('hands its link to the running instance and quits when that one holds the lock', () => {
    const run = loadMain(['flarenet://group/main/payments'], 'held');
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([
      'requestSingleInstanceLock {"deepLink":"flarenet://group/main/payments"}',
      'quit',
      'enableSandbox',
    ]);
  });
});
