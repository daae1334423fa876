import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LockHolder } from '../../shared/actions/actionModel';
import { restartToUpdate, type DesktopEvent } from '../../shared/ipc/desktop';
import { IpcRouter } from '../core/ipc/router';
import { actionRecheckMs, AutoUpdate, checkIntervalMs, type Updater } from './autoUpdate';

/**
 * electron-updater's autoUpdater as far as the console uses it: a check answers with what
 * the test's feed holds (a version, nothing new, or an error, which the updater both emits
 * and rejects with, as the real one does), and a download finishes at once.
 */
class FakeUpdater extends EventEmitter implements Updater {
  autoDownload = true;
  autoInstallOnAppQuit = false;
  feed: { version: string } | 'up to date' | Error = 'up to date';
  checks = 0;
  downloads = 0;
  installs: Array<[boolean | undefined, boolean | undefined]> = [];

  checkForUpdates(): Promise<unknown> {
    this.checks++;
    const feed = this.feed;
    if (feed instanceof Error) {
      this.emit('error', feed);
      return Promise.reject(feed);
    }
    if (feed !== 'up to date') this.emit('update-available', feed);
    return Promise.resolve(null);
  }

  downloadUpdate(): Promise<unknown> {
    this.downloads++;
    if (this.feed instanceof Error || this.feed === 'up to date') return Promise.resolve([]);
    this.emit('update-downloaded', this.feed);
    return Promise.resolve([]);
  }

  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    this.installs.push([isSilent, isForceRunAfter]);
  }
}

const rollback: LockHolder = {
  actionId: 'a-1',
  kind: 'rollback',
  environment: 'production',
  cluster: 'flarenet-production',
  service: 'payment-service',
  startedAt: 0,
  by: 'arn:aws:iam::123456789012:user/oncall',
  description: 'a rollback',
};

let updater: FakeUpdater;
let updaterLoaded: boolean;
let underWay: LockHolder[];
let told: DesktopEvent[];
let logged: string[];

/** Starts following the feed, once the updater has loaded. */
async function startUpdates(isPackaged = true): Promise<AutoUpdate> {
  const updates = new AutoUpdate({
    loadUpdater: () => {
      updaterLoaded = true;
      return Promise.resolve(updater);
    },
    isPackaged,
    actionsUnderWay: () => underWay,
    tellPages: (event) => told.push(event),
    log: (line) => logged.push(line),
  });
  updates.start();
  await advance(0);
  return updates;
}

/** Lets the updater's promises settle after the timers have run. */
async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}

beforeEach(() => {
  vi.useFakeTimers();
  updater = new FakeUpdater();
  updaterLoaded = false;
  underWay = [];
  told = [];
  logged = [];
});

afterEach(() => {
  vi.useRealTimers();
});

describe('AutoUpdate', () => {
  it('never checks in a build run from a checkout', async () => {
    updater.feed = { version: '0.2.0' };
    await startUpdates(false);
    await advance(3 * checkIntervalMs);
    expect(updaterLoaded).toBe(false);
    expect(updater.checks).toBe(0);
    expect(told).toEqual([]);
  });

  it('checks at start and every 24 hours, downloading only what it decided to', async () => {
    await startUpdates();
    expect(updater.checks).toBe(1);
    expect(updater.autoDownload).toBe(false);
    expect(updater.autoInstallOnAppQuit).toBe(true);
    await advance(checkIntervalMs - 1);
    expect(updater.checks).toBe(1);
    await advance(1);
    expect(updater.checks).toBe(2);
    await advance(checkIntervalMs);
    expect(updater.checks).toBe(3);
    expect(updater.downloads).toBe(0);
  });

  it('tells the page which version is ready, and stops checking once one is', async () => {
    updater.feed = { version: '0.2.0' };
    await startUpdates();
    expect(updater.downloads).toBe(1);
    expect(told).toEqual([{ type: 'update-ready', version: '0.2.0' }]);
    await advance(2 * checkIntervalMs);
    expect(updater.checks).toBe(1);
    expect(updater.installs).toEqual([]);
  });

  it('puts the check off while an action runs and makes it once the action has ended', async () => {
    underWay = [rollback];
    updater.feed = { version: '0.2.0' };
    await startUpdates();
    await advance(10 * actionRecheckMs);
    expect(updater.checks).toBe(0);
    expect(logged).toEqual([
      'The update check waits: a rollback of payment-service (production, cluster flarenet-production) is under way.',
    ]);
    underWay = [];
    await advance(actionRecheckMs);
    expect(updater.checks).toBe(1);
    expect(told).toEqual([{ type: 'update-ready', version: '0.2.0' }]);
  });

  it('puts the download off when an action starts between the check and the download', async () => {
    updater.feed = { version: '0.2.0' };
    updater.on('update-available', () => (underWay = [rollback]));
    await startUpdates();
    await advance(5 * actionRecheckMs);
    expect(updater.checks).toBe(1);
    expect(updater.downloads).toBe(0);
    underWay = [];
    await advance(actionRecheckMs);
    expect(updater.downloads).toBe(1);
    expect(told).toEqual([{ type: 'update-ready', version: '0.2.0' }]);
  });

  it('logs a failed check once, without throwing, and tries again the next day', async () => {
    updater.feed = new Error(
      'net::ERR_INTERNET_DISCONNECTED\n    at SimpleURLLoaderWrapper.<anonymous> (node:electron/js2c/browser_init)',
    );
    await startUpdates();
    expect(logged).toEqual([
      'Cannot update the app (tries again in 24 hours): net::ERR_INTERNET_DISCONNECTED',
    ]);
    await advance(checkIntervalMs - 1);
    expect(updater.checks).toBe(1);
    updater.feed = new Error('Cannot find latest-linux.yml in the latest release artifacts: HttpError: 404');
    await advance(1);
    expect(updater.checks).toBe(2);
    expect(logged).toHaveLength(2);
    expect(logged[1]).toContain('Cannot find latest-linux.yml');
    expect(told).toEqual([]);
  });

  it('says once that it cannot update when the updater does not load, and goes on', async () => {
    const updates = new AutoUpdate({
      loadUpdater: () => Promise.reject(new Error('Cannot find module app-update.yml')),
      isPackaged: true,
      actionsUnderWay: () => underWay,
      tellPages: (event) => told.push(event),
      log: (line) => logged.push(line),
    });
    updates.start();
    await advance(checkIntervalMs);
    expect(logged).toEqual(['Cannot update the app: Cannot find module app-update.yml']);
    expect(updates.restart()).toBe('No update has been downloaded yet.');
  });

  it('takes an updater that throws, or one that is not there, as a failed update, not a crash', async () => {
    updater.checkForUpdates = () => {
      throw new Error('Cannot read app-update.yml');
    };
    await startUpdates();
    expect(logged).toEqual(['Cannot update the app (tries again in 24 hours): Cannot read app-update.yml']);
    const missing = new AutoUpdate({
      loadUpdater: () => Promise.resolve(undefined as unknown as Updater),
      isPackaged: true,
      actionsUnderWay: () => underWay,
      tellPages: (event) => told.push(event),
      log: (line) => logged.push(line),
    });
    missing.start();
    await advance(0);
    expect(logged[1]).toMatch(/^Cannot update the app: /);
  });

  it('restarts only when asked, and not while an action runs', async () => {
    const updates = await startUpdates();
    expect(updates.restart()).toBe('No update has been downloaded yet.');
    updater.feed = { version: '0.2.0' };
    await advance(checkIntervalMs);
    expect(updater.installs).toEqual([]);
    underWay = [rollback, { ...rollback, actionId: 'a-2', service: 'ledger' }];
    expect(updates.restart()).toBe(
      'a rollback of payment-service (production, cluster flarenet-production) is under way and 1 more: restart to update once it has ended.',
    );
    expect(updater.installs).toEqual([]);
    underWay = [];
    expect(updates.restart()).toBeNull();
    expect(updater.installs).toEqual([[false, true]]);
  });

  it('answers the page: a refusal is a CONFLICT with the reason', async () => {
    const router = new IpcRouter();
    const updates = await startUpdates();
    updates.register(router);
    expect(await router.invoke(restartToUpdate.name, {})).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: 'No update has been downloaded yet.' },
    });
    updater.feed = { version: '0.2.0' };
    await advance(checkIntervalMs);
    expect(await router.invoke(restartToUpdate.name, {})).toEqual({ ok: true, value: {} });
    expect(updater.installs).toHaveLength(1);
  });
});
