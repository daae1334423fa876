import type { MenuItemConstructorOptions } from 'electron';
import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LinkTarget } from '../../shared/desktop/deepLink';
import { startNotifications, type NotificationService } from '../core/notifications/notificationService';
import { FakeApp, FakeBrowserWindow, FakeNotification, FakeTray } from '../testing/electronFakes';
import {
  startConsoleTray,
  trayMissing,
  trayPreferencesIn,
  type ConsoleTrayOptions,
  type RunCommand,
  type TrayPreferences,
} from './consoleTray';
import { showDesktopNotifications } from './desktopNotifications';
import { bringToFront } from './singleInstance';

/**
 * The console in the tray, with the notification service main runs (on a data folder of its
 * own) and fakes of Electron's app, window, tray and notifications. `open` does what main's
 * does: brings the window forward, or opens a new one where there is none.
 */

type Menu = MenuItemConstructorOptions[];

const cleanUps: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  vi.useRealTimers();
  for (const cleanUp of cleanUps.splice(0).reverse()) await cleanUp();
});

const paymentLink: LinkTarget = {
  kind: 'service',
  environment: 'production',
  cluster: 'flarenet-production',
  service: 'payment-service',
};

async function setUp(
  options: {
    platform?: NodeJS.Platform;
    missing?: string | null;
    createTray?: () => FakeTray<Menu>;
    preferences?: TrayPreferences;
  } = {},
) {
  const dataDir = await mkdtemp(join(tmpdir(), 'flarenet-tray-'));
  const notifications: NotificationService = await startNotifications({
    dataDir,
    fleet: { subscribe: () => () => undefined },
    log: () => undefined,
  });
  FakeNotification.reset();
  const app = new FakeApp();
  const updater = new EventEmitter();
  const icons: FakeTray<Menu>[] = [];
  const logged: string[] = [];
  const saved: Partial<TrayPreferences>[] = [];
  /** Where each open went: null for the console as it was, else the service or group. */
  const opened: (LinkTarget | null)[] = [];
  const windows: FakeBrowserWindow[] = [];

  const openWindow = () => {
    const win = new FakeBrowserWindow({ x: 0, y: 0, width: 1440, height: 900 });
    windows.push(win);
    app.track(win);
    tray.manage(win);
    win.show();
    win.focus();
  };
  const open = (target: LinkTarget | null) => {
    opened.push(target);
    const win = windows.at(-1);
    if (win && !win.isDestroyed()) bringToFront(win);
    else openWindow();
  };
  const trayOptions: ConsoleTrayOptions<Menu> = {
    platform: options.platform ?? 'linux',
    app,
    updater,
    missing: options.missing ?? null,
    createTray:
      options.createTray ??
      (() => {
        const icon = new FakeTray<Menu>();
        icons.push(icon);
        return icon;
      }),
    buildMenu: (template) => template,
    notifications,
    Notification: FakeNotification,
    open,
    preferences: options.preferences ?? { keepRunningInTray: true, trayNoticeShown: false },
    savePreferences: (changed) => saved.push(changed),
    log: (line) => logged.push(line),
  };
  const tray = startConsoleTray(trayOptions);
  const stopDesktopNotifications = showDesktopNotifications({
    Notification: FakeNotification,
    notifications,
    open,
    log: () => undefined,
  });
  openWindow();
  cleanUps.push(
    () => rm(dataDir, { recursive: true, force: true }),
    () => notifications.close(),
    () => stopDesktopNotifications(),
    () => tray.close(),
  );

  return {
    app,
    updater,
    notifications,
    tray,
    icons,
    logged,
    saved,
    opened,
    windows,
    /** The window open now (the last one made). */
    win: () => windows.at(-1)!,
    /** The tray icon's context menu item with this label. */
    menuItem(label: string): MenuItemConstructorOptions {
      const item = icons[0]?.menu?.find((candidate) => candidate.label === label);
      if (!item) throw new Error(`No tray menu item "${label}" in ${JSON.stringify(menuLabels())}.`);
      return item;
    },
    menuLabels,
    /** An alarm on payment-service (or another service) goes to ALARM. */
    alarm(name = 'payment-5xx', service = 'payment-service') {
      notifications.alarmChanged({
        alarmName: name,
        serviceKey: `arn:aws:ecs:us-east-1:111122223333:cluster/flarenet-production|${service}`,
        environment: 'production',
        from: 'OK',
        to: 'ALARM',
        at: Date.now(),
        reason: 'Threshold crossed',
      });
    },
  };

  function menuLabels(): string[] {
    return (icons[0]?.menu ?? []).map((item) => item.label ?? `(${item.type})`);
  }
}

function click(item: MenuItemConstructorOptions): void {
  (item.click as () => void)();
}

const shownNotifications = () =>
  FakeNotification.made.filter((made) => made.shown).map((made) => made.options.title);

describe('the console in the tray', () => {
  it('hides the window to the tray when it is closed, and says so once, the first time', async () => {
    const run = await setUp();
    const win = run.win();
    win.close();
    expect(win.isDestroyed()).toBe(false);
    expect(win.isVisible()).toBe(false);
    expect(run.app.quits).toBe(0);
    expect(FakeNotification.made.map((made) => made.options)).toEqual([
      {
        title: 'FlareNet Console is still running in the tray',
        body: 'It keeps watching and notifying with its window closed. To quit, choose Quit from its tray icon’s menu, or press Ctrl+Q in its window.',
      },
    ]);
    expect(run.saved).toEqual([{ trayNoticeShown: true }]);

    run.icons[0]!.click();
    expect(win.isVisible()).toBe(true);
    win.close();
    expect(FakeNotification.made).toHaveLength(1);
  });

  it('does not say it again in a later run that has said it before', async () => {
    const run = await setUp({ preferences: { keepRunningInTray: true, trayNoticeShown: true } });
    run.win().close();
    expect(run.win().isVisible()).toBe(false);
    expect(FakeNotification.made).toEqual([]);
  });

  it('quits for real from its menu, from Quit or Cmd-Q with the window hidden or not, and to install an update', async () => {
    const fromMenu = await setUp();
    click(fromMenu.menuItem('Quit FlareNet Console'));
    expect(fromMenu.app.quitted).toBe(true);
    expect(fromMenu.win().isDestroyed()).toBe(true);

    const hidden = await setUp();
    hidden.win().close();
    hidden.app.quit();
    expect(hidden.app.quitted).toBe(true);
    expect(hidden.win().isDestroyed()).toBe(true);

    // A restart to update closes the windows before it says before-quit.
    const updating = await setUp({ platform: 'darwin' });
    updating.updater.emit('before-quit-for-update');
    updating.win().close();
    expect(updating.win().isDestroyed()).toBe(true);
  });

  it('shows the window it hid when its icon or Open is clicked, and opens a new one when there is none', async () => {
    const run = await setUp({ platform: 'darwin' });
    const first = run.win();
    first.close();
    run.icons[0]!.click();
    expect(first.isVisible()).toBe(true);
    expect(first.focused).toBe(true);
    first.close();
    click(run.menuItem('Open FlareNet Console'));
    expect(first.isVisible()).toBe(true);
    expect(run.windows).toHaveLength(1);

    // Closing to the menu bar turned off: on macOS the window goes and the app stays.
    run.tray.keepRunning!.turn(false);
    first.close();
    expect(first.isDestroyed()).toBe(true);
    expect(run.app.quits).toBe(0);
    run.icons[0]!.click();
    expect(run.windows).toHaveLength(2);
    expect(run.win().isVisible()).toBe(true);
    expect(run.opened).toEqual([null, null, null]);
  });

  it('brings the hidden window back from the dock on macOS, and hides a full-screen one out of full screen first', async () => {
    const run = await setUp({ platform: 'darwin' });
    const win = run.win();
    win.setFullScreen(true);
    win.close();
    expect(win.isFullScreen()).toBe(false);
    expect(win.isVisible()).toBe(false);
    expect(FakeNotification.made[0]?.options.title).toBe('FlareNet Console is still running in the menu bar');
    expect(FakeNotification.made[0]?.options.body).toContain('press ⌘Q');
    run.app.activate();
    expect(win.isVisible()).toBe(true);
    // With the window showing, the dock icon changes nothing.
    run.app.activate();
    expect(run.opened).toEqual([null]);
  });

  it('says in its tooltip how many notifications are unread, as the inbox changes', async () => {
    const run = await setUp();
    const icon = run.icons[0]!;
    expect(icon.toolTip).toBe('FlareNet Console');
    expect(run.menuLabels()).toContain('No Unread Notifications');
    run.alarm('payment-5xx');
    run.alarm('orders-latency', 'order-service');
    expect(icon.toolTip).toBe('FlareNet Console — 2 unread');
    const [newest] = run.notifications.inbox.current().entries;
    run.notifications.inbox.markRead([newest!.notification.id]);
    expect(icon.toolTip).toBe('FlareNet Console — 1 unread');
    run.notifications.inbox.markRead();
    expect(icon.toolTip).toBe('FlareNet Console');
  });

  it('lists the newest five unread in its menu; choosing one opens the console on it and marks it read', async () => {
    const run = await setUp();
    for (const service of ['a', 'b', 'c', 'd', 'e', 'f', 'payment-service'])
      run.alarm(`${service}-5xx`, service);
    expect(run.menuLabels()).toEqual([
      'Open FlareNet Console',
      '(separator)',
      'Alarm payment-service-5xx is in ALARM on payment-service',
      'Alarm f-5xx is in ALARM on f',
      'Alarm e-5xx is in ALARM on e',
      'Alarm d-5xx is in ALARM on d',
      'Alarm c-5xx is in ALARM on c',
      '2 More in the Console’s Inbox',
      '(separator)',
      'Mute All Notifications for 1 Hour',
      '(separator)',
      'Quit FlareNet Console',
    ]);
    run.win().close();
    click(run.menuItem('Alarm payment-service-5xx is in ALARM on payment-service'));
    expect(run.opened).toEqual([paymentLink]);
    expect(run.win().isVisible()).toBe(true);
    expect(run.icons[0]!.toolTip).toBe('FlareNet Console — 6 unread');
    expect(run.menuLabels()).not.toContain('Alarm payment-service-5xx is in ALARM on payment-service');
  });

  it('still shows a notification raised while the window is hidden, and its click brings the window back on its service', async () => {
    const run = await setUp({ preferences: { keepRunningInTray: true, trayNoticeShown: true } });
    const win = run.win();
    win.close();
    run.alarm();
    expect(shownNotifications()).toEqual(['Alarm payment-5xx is in ALARM on payment-service']);
    FakeNotification.made[0]!.click();
    expect(win.isVisible()).toBe(true);
    expect(win.focused).toBe(true);
    expect(run.opened).toEqual([paymentLink]);
    expect(run.windows).toHaveLength(1);
  });

  it('mutes every notification for an hour with the notification service’s mutes, until unmuted or the hour is over', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    vi.setSystemTime(new Date(2026, 0, 15, 14, 30));
    const run = await setUp({ preferences: { keepRunningInTray: true, trayNoticeShown: true } });
    const icon = run.icons[0]!;
    const hourLater = new Date(2026, 0, 15, 15, 30).getTime();
    const until = new Date(hourLater).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

    click(run.menuItem('Mute All Notifications for 1 Hour'));
    await vi.waitFor(() => expect(icon.toolTip).toBe(`FlareNet Console — muted until ${until}`));
    expect(run.notifications.mutes()).toEqual([{ scope: { kind: 'all' }, until: hourLater }]);
    run.alarm();
    expect(shownNotifications()).toEqual([]);

    // Unmuted, what the mute held back is told.
    click(run.menuItem(`Unmute Notifications (Muted until ${until})`));
    await vi.waitFor(() => expect(icon.toolTip).toBe('FlareNet Console — 1 unread'));
    expect(shownNotifications()).toEqual(['Alarm payment-5xx is in ALARM on payment-service']);
    expect(run.notifications.mutes()).toEqual([]);

    click(run.menuItem('Mute All Notifications for 1 Hour'));
    await vi.waitFor(() => expect(icon.toolTip).toContain('muted until'));
    vi.advanceTimersByTime(60 * 60_000 + 1);
    expect(icon.toolTip).toBe('FlareNet Console — 1 unread');
    expect(run.menuLabels()).toContain('Mute All Notifications for 1 Hour');
  });

  it('quits when the window closes, as before, where the desktop has no tray, and says why once', async () => {
    const missing =
      'the desktop shows no tray icons: nothing on its session bus hosts them (org.kde.StatusNotifierWatcher)';
    const run = await setUp({ missing });
    expect(run.icons).toEqual([]);
    expect(run.tray.keepRunning).toBeNull();
    expect(run.logged).toEqual([
      `No tray icon: ${missing}; closing the window quits the console, and notifications stop with it.`,
    ]);
    run.win().close();
    expect(run.win().isDestroyed()).toBe(true);
    expect(run.app.quitted).toBe(true);
    expect(FakeNotification.made).toEqual([]);
  });

  it('quits when the window closes where the tray icon cannot be made, except on macOS', async () => {
    const createTray = () => {
      throw new Error('Tray is not supported here');
    };
    const linux = await setUp({ createTray });
    expect(linux.logged).toEqual([
      'No tray icon: it could not be made (Tray is not supported here); closing the window quits the console, and notifications stop with it.',
    ]);
    linux.win().close();
    expect(linux.app.quitted).toBe(true);

    const mac = await setUp({ platform: 'darwin', createTray });
    expect(mac.logged).toEqual([
      'No tray icon: it could not be made (Tray is not supported here); closing the window closes it, as before, and the dock icon opens another.',
    ]);
    mac.win().close();
    expect(mac.win().isDestroyed()).toBe(true);
    expect(mac.app.quits).toBe(0);
  });

  it('quits when the window closes once keeping running is turned off, and saves that', async () => {
    const run = await setUp();
    expect(run.tray.keepRunning).toMatchObject({ label: 'Keep Running in Tray When Closed', on: true });
    run.tray.keepRunning!.turn(false);
    expect(run.saved).toEqual([{ keepRunningInTray: false }]);
    run.win().close();
    expect(run.app.quitted).toBe(true);
    expect(FakeNotification.made).toEqual([]);
  });

  it('takes the preference from a run before it', async () => {
    const run = await setUp({ preferences: { keepRunningInTray: false, trayNoticeShown: true } });
    expect(run.tray.keepRunning?.on).toBe(false);
    run.win().close();
    expect(run.app.quitted).toBe(true);
  });
});

describe('trayMissing', () => {
  function runner(answer: string | Error) {
    const asked: string[][] = [];
    const run: RunCommand = (command, args) => {
      asked.push([command, ...args]);
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    };
    return { run, asked };
  }

  it('takes macOS and Windows to have a tray without asking', async () => {
    const { run, asked } = runner(new Error('not asked'));
    expect(await trayMissing('darwin', run)).toBeNull();
    expect(await trayMissing('win32', run)).toBeNull();
    expect(asked).toEqual([]);
  });

  it('asks a Linux desktop’s session bus whether anything hosts tray icons', async () => {
    const shown = runner('   boolean true\n');
    expect(await trayMissing('linux', shown.run)).toBeNull();
    expect(shown.asked).toEqual([
      [
        'dbus-send',
        '--session',
        '--print-reply=literal',
        '--dest=org.freedesktop.DBus',
        '/org/freedesktop/DBus',
        'org.freedesktop.DBus.NameHasOwner',
        'string:org.kde.StatusNotifierWatcher',
      ],
    ]);
    expect(await trayMissing('linux', runner('   boolean false\n').run)).toBe(
      'the desktop shows no tray icons: nothing on its session bus hosts them (org.kde.StatusNotifierWatcher)',
    );
  });

  it('counts a desktop it cannot ask as one without a tray, saying why', async () => {
    expect(await trayMissing('linux', runner(new Error('spawn dbus-send ENOENT')).run)).toBe(
      'cannot tell whether the desktop shows tray icons: asking its session bus failed (spawn dbus-send ENOENT)',
    );
    expect(await trayMissing('freebsd', runner('Error org.freedesktop.DBus.Error.NoReply\n').run)).toBe(
      'cannot tell whether the desktop shows tray icons: its session bus answered "Error org.freedesktop.DBus.Error.NoReply"',
    );
  });
});

describe('trayPreferencesIn', () => {
  it('keeps running in the tray, and has not said so yet, unless the saved state says otherwise', () => {
    const fresh = { keepRunningInTray: true, trayNoticeShown: false };
    for (const saved of [
      null,
      'x',
      [],
      { bounds: { x: 1 } },
      { keepRunningInTray: 'no', trayNoticeShown: 1 },
    ])
      expect(trayPreferencesIn(saved)).toEqual(fresh);
    expect(trayPreferencesIn({ keepRunningInTray: false, trayNoticeShown: true, maximized: true })).toEqual({
      keepRunningInTray: false,
      trayNoticeShown: true,
    });
  });
});
