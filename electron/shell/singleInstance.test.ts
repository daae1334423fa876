import { describe, expect, it } from 'vitest';
import { FakeApp, FakeBrowserWindow, FakeInstanceLock } from '../testing/electronFakes';
import { bringToFront, holdSingleInstance, registerLinkProtocol } from './singleInstance';

const executable = '/opt/FlareNet Console/flarenet-console';

/** The first instance, with its window; records the links handed to it. */
function firstInstance(lock: FakeInstanceLock, argv: string[] = [executable]) {
  const app = new FakeApp(lock, argv);
  const win = new FakeBrowserWindow({ x: 0, y: 0, width: 1440, height: 900 });
  const links: string[] = [];
  const primary = holdSingleInstance(app, app.argv, {
    focus: () => bringToFront(win),
    openLink: (link) => links.push(link),
  });
  return { app, win, links, primary };
}

function launchAgain(lock: FakeInstanceLock, argv: string[]) {
  const app = new FakeApp(lock, argv);
  const handedTo: string[] = [];
  const primary = holdSingleInstance(app, argv, {
    focus: () => handedTo.push('focus'),
    openLink: (link) => handedTo.push(link),
  });
  return { app, primary, handedTo };
}

describe('one console instance', () => {
  it('lets the first launch run', () => {
    const first = firstInstance(new FakeInstanceLock());
    expect(first.primary).toBe(true);
    expect(first.app.quits).toBe(0);
  });

  it('makes a second launch quit, and brings the first, minimised, to the front', () => {
    const lock = new FakeInstanceLock();
    const first = firstInstance(lock);
    first.win.minimize();
    const second = launchAgain(lock, [executable]);
    expect(second.primary).toBe(false);
    expect(second.app.quits).toBe(1);
    expect(second.handedTo).toEqual([]);
    expect(first.win.isMinimized()).toBe(false);
    expect(first.win.shown).toBe(true);
    expect(first.win.focused).toBe(true);
    expect(first.links).toEqual([]);
  });

  it("hands a second launch's link to the first", () => {
    const lock = new FakeInstanceLock();
    const first = firstInstance(lock);
    launchAgain(lock, [
      executable,
      '--enable-features=X',
      'flarenet://service/production/prod-eu-1/payments',
    ]);
    expect(first.links).toEqual(['flarenet://service/production/prod-eu-1/payments']);
    expect(first.win.focused).toBe(true);
  });

  it('takes the link from the lock data when the arguments lost it', () => {
    const lock = new FakeInstanceLock();
    const first = firstInstance(lock);
    const second = new FakeApp(lock, [executable]);
    // A launcher that rewrote argv after the app read it: the lock data still has the link.
    expect(second.requestSingleInstanceLock({ deepLink: 'flarenet://group/main/payments' })).toBe(false);
    expect(first.links).toEqual(['flarenet://group/main/payments']);
  });

  it('opens a link macOS hands over with open-url, and keeps macOS from handling it', () => {
    const first = firstInstance(new FakeInstanceLock());
    expect(first.app.openUrl('flarenet://group/main/payments')).toBe(true);
    expect(first.links).toEqual(['flarenet://group/main/payments']);
  });
});

describe('registerLinkProtocol', () => {
  it('registers the installed app for flarenet:// links', () => {
    const app = new FakeApp(new FakeInstanceLock(), [executable]);
    registerLinkProtocol(app, { execPath: executable, argv: app.argv });
    expect(app.protocolClients).toEqual([{ protocol: 'flarenet' }]);
  });

  it('registers Electron with the app folder when run from a checkout', () => {
    const app = new FakeApp(new FakeInstanceLock(), ['/repo/node_modules/electron/dist/electron', '.']);
    registerLinkProtocol(app, {
      defaultApp: true,
      execPath: '/repo/node_modules/electron/dist/electron',
      argv: app.argv,
    });
    expect(app.protocolClients).toEqual([
      { protocol: 'flarenet', path: '/repo/node_modules/electron/dist/electron', args: [process.cwd()] },
    ]);
  });
});
