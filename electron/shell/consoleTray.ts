import type { MenuItemConstructorOptions } from 'electron';
import { execFile } from 'node:child_process';
import type { LinkTarget } from '../../shared/desktop/deepLink';
import type { Inbox, Mute, Notification } from '../../shared/notifications/notificationModel';
import type { NotificationService } from '../core/notifications/notificationService';
import type { NativeNotification, NativeNotificationClass } from './desktopNotifications';

/** The part of Electron's `app` that closing to the tray changes. */
export interface TrayApp {
  on(event: 'before-quit', listener: () => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  on(event: 'activate', listener: (event: unknown, hasVisibleWindows: boolean) => void): unknown;
  quit(): void;
}

/** Electron's Tray as this module uses it; made by main, so tests need no Electron. */
export interface TrayIcon<Menu> {
  setToolTip(toolTip: string): void;
  setContextMenu(menu: Menu | null): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

/** The part of a BrowserWindow that closes to the tray. */
export interface TrayWindow {
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
  once(event: 'leave-full-screen', listener: () => void): unknown;
  hide(): void;
  isFullScreen(): boolean;
  setFullScreen(flag: boolean): void;
}

/** Kept in the window state file (windowState.ts), beside the window's place. */
export interface TrayPreferences {
  /** Closing the window hides it to the tray; off, closing quits as it did before the tray. */
  keepRunningInTray: boolean;
  /** The notice saying so has been shown, the first time the window was hidden. */
  trayNoticeShown: boolean;
}

/** The preferences in what the window state file holds: on, and not yet told, unless it says otherwise. */
export function trayPreferencesIn(saved: unknown): TrayPreferences {
  const fields: Record<string, unknown> =
    typeof saved === 'object' && saved !== null ? (saved as Record<string, unknown>) : {};
  return {
    keepRunningInTray: typeof fields.keepRunningInTray === 'boolean' ? fields.keepRunningInTray : true,
    trayNoticeShown: fields.trayNoticeShown === true,
  };
}

/**
 * The icon's file beside the main process (the build copies assets/tray/ there, see
 * scripts/electronBundles.ts): on macOS a template image, which the menu bar tints;
 * elsewhere the app's icon. Electron finds the @2x file beside it on its own.
 */
export function trayIconFile(platform: NodeJS.Platform): string {
  return platform === 'darwin' ? 'trayIconTemplate.png' : 'trayIcon.png';
}

export type RunCommand = (command: string, args: readonly string[]) => Promise<string>;

/** The command's output; its first line of errors, or Node's error, when it fails. */
const runCommand: RunCommand = (command, args) =>
  new Promise((resolve, reject) =>
    execFile(command, args, { timeout: 2_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(stderr.trim().split('\n')[0] || error.message));
      else resolve(stdout);
    }),
  );

/**
 * Why closing the window could not keep the console running in a tray here, or null when it
 * can. Electron makes a tray icon on Linux without saying whether anything shows it: the
 * icon is a StatusNotifierItem, which a desktop shows only when something on the session bus
 * hosts them (KDE, Xfce, GNOME with the AppIndicator extension: each runs
 * org.kde.StatusNotifierWatcher). Without one, a window hidden to the tray would be lost.
 */
export async function trayMissing(
  platform: NodeJS.Platform,
  run: RunCommand = runCommand,
): Promise<string | null> {
  if (platform === 'darwin' || platform === 'win32') return null;
  let answer: string;
  try {
    answer = await run('dbus-send', [
      '--session',
      '--print-reply=literal',
      '--dest=org.freedesktop.DBus',
      '/org/freedesktop/DBus',
      'org.freedesktop.DBus.NameHasOwner',
      'string:org.kde.StatusNotifierWatcher',
    ]);
  } catch (error) {
    return `cannot tell whether the desktop shows tray icons: asking its session bus failed (${firstLineOf(error)})`;
  }
  if (/\bboolean true\b/.test(answer)) return null;
  if (/\bboolean false\b/.test(answer))
    return 'the desktop shows no tray icons: nothing on its session bus hosts them (org.kde.StatusNotifierWatcher)';
  return `cannot tell whether the desktop shows tray icons: its session bus answered "${answer.trim()}"`;
}

export interface ConsoleTrayOptions<Menu> {
  platform: NodeJS.Platform;
  app: TrayApp;
  /**
   * Electron's autoUpdater: a restart to install an update closes the windows before it
   * says `before-quit`, and says `before-quit-for-update` first instead.
   */
  updater: { on(event: 'before-quit-for-update', listener: () => void): unknown };
  /** trayMissing's answer: why there is no tray here, or null. */
  missing: string | null;
  /** Makes the tray icon (Electron's `new Tray`); may throw where the platform has none. */
  createTray: () => TrayIcon<Menu>;
  buildMenu: (template: MenuItemConstructorOptions[]) => Menu;
  notifications: Pick<NotificationService, 'inbox' | 'mutes' | 'setMute'>;
  Notification: NativeNotificationClass;
  /** Brings the console's window forward (opening one if none is), on the target if there is one. */
  open: (target: LinkTarget | null) => void;
  preferences: TrayPreferences;
  savePreferences: (changed: Partial<TrayPreferences>) => void;
  log: (line: string) => void;
}

export interface ConsoleTray {
  /** The application menu's "Keep Running in Tray When Closed" checkbox; null where there is no tray. */
  readonly keepRunning: { label: string; on: boolean; turn: (on: boolean) => void } | null;
  /** Each window the console opens: closing it hides it to the tray, unless the app is quitting. */
  manage(win: TrayWindow): void;
  /** Removes the icon, when the app quits. */
  close(): void;
}

const appName = 'FlareNet Console';
/** The newest unread notifications the menu lists; the inbox has the rest. */
const mostListed = 5;
/** Notification titles are cut to this in the menu, which would otherwise be as wide as the longest. */
const longestLabel = 60;
const muteForMs = 60 * 60_000;
/** setTimeout's longest wait; a mute that ends later is looked at again then. */
const longestTimer = 2 ** 31 - 1;

/**
 * The console's icon in the tray (the menu bar on macOS): its tooltip says how many
 * notifications are unread, and its menu opens the console, lists the newest unread ones
 * (choosing one opens the console on it), mutes every notification for an hour through the
 * notification service's own mutes, and quits.
 *
 * With the icon there, closing the window hides it instead of quitting, so the notification
 * service in main (and the desktop notifications it raises) goes on; the first time, a
 * desktop notification says so and how to quit. Quitting (the menu, the tray, Cmd-Q, a
 * restart to update) closes the window for real. Where no tray can be made (`missing`, or
 * `createTray` throws), closing quits as before, and the log says why once.
 */
export function startConsoleTray<Menu>(options: ConsoleTrayOptions<Menu>): ConsoleTray {
  const { app, platform } = options;
  const preferences = { ...options.preferences };
  let quitting = false;
  app.on('before-quit', () => (quitting = true));
  options.updater.on('before-quit-for-update', () => (quitting = true));

  const icon = makeIcon(options);
  const keepsRunning = () => icon !== null && preferences.keepRunningInTray;

  // With the window hidden to the tray the app has one; this is for a window that went
  // otherwise (closed with the preference off), as before: quit, except on macOS.
  app.on('window-all-closed', () => {
    if (!keepsRunning() && platform !== 'darwin') app.quit();
  });
  // macOS: the dock icon brings back a window hidden to the menu bar or closed.
  app.on('activate', (_event, hasVisibleWindows) => {
    if (!hasVisibleWindows) options.open(null);
  });

  const notices = new Set<NativeNotification>();
  const tellOnce = () => {
    if (preferences.trayNoticeShown) return;
    preferences.trayNoticeShown = true;
    options.savePreferences({ trayNoticeShown: true });
    if (!options.Notification.isSupported()) return;
    const notice = new options.Notification(closedToTrayNotice(platform));
    notice.on('click', () => options.open(null));
    // Held until closed, or Electron drops its click handler.
    notice.on('close', () => notices.delete(notice));
    notices.add(notice);
    notice.show();
  };

  const stopFollowing = icon ? followNotifications(icon, options) : () => undefined;
  // Windows opens the menu on a right click and says `click` on a left one; Linux says it
  // when the tray activates the icon, however that tray does it.
  icon?.on('click', () => options.open(null));

  return {
    keepRunning: icon
      ? {
          label: keepRunningLabel(platform),
          on: preferences.keepRunningInTray,
          turn: (on) => {
            preferences.keepRunningInTray = on;
            options.savePreferences({ keepRunningInTray: on });
          },
        }
      : null,
    manage(win) {
      win.on('close', (event) => {
        if (quitting || !keepsRunning()) return;
        event.preventDefault();
        // macOS leaves a black screen where a full-screen window was hidden: it leaves full screen first.
        if (win.isFullScreen()) {
          win.once('leave-full-screen', () => win.hide());
          win.setFullScreen(false);
        } else {
          win.hide();
        }
        tellOnce();
      });
    },
    close() {
      stopFollowing();
      icon?.destroy();
      for (const notice of notices) notice.close();
    },
  };
}

function makeIcon<Menu>(options: ConsoleTrayOptions<Menu>): TrayIcon<Menu> | null {
  const fallBack =
    options.platform === 'darwin'
      ? 'closing the window closes it, as before, and the dock icon opens another.'
      : 'closing the window quits the console, and notifications stop with it.';
  if (options.missing !== null) {
    options.log(`No tray icon: ${options.missing}; ${fallBack}`);
    return null;
  }
  try {
    return options.createTray();
  } catch (error) {
    options.log(`No tray icon: it could not be made (${firstLineOf(error)}); ${fallBack}`);
    return null;
  }
}

/** Keeps the icon's tooltip and menu to the inbox and the mutes, until the returned function is called. */
function followNotifications<Menu>(icon: TrayIcon<Menu>, options: ConsoleTrayOptions<Menu>): () => void {
  const { notifications } = options;
  let inbox: Inbox = { entries: [], unread: 0 };
  let muteEnds: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const setMute = (muted: boolean) => {
    notifications
      .setMute(
        { kind: 'all' },
        muted ? { kind: 'muted-until', until: Date.now() + muteForMs } : { kind: 'on' },
      )
      .catch((error: unknown) =>
        options.log(`Tray: the mute is in force but could not be saved: ${firstLineOf(error)}`),
      )
      .finally(refresh);
  };

  function refresh(): void {
    if (stopped) return;
    const mute = notifications.mutes().find((candidate) => candidate.scope.kind === 'all') ?? null;
    icon.setToolTip(trayToolTip(inbox.unread, mute));
    // Linux trays take a changed menu only when it is set again: it is rebuilt whole each time.
    icon.setContextMenu(
      options.buildMenu(
        trayMenuTemplate({
          inbox,
          mute,
          open: (notification) => {
            notifications.inbox.markRead([notification.id]);
            options.open(notification.link);
          },
          openConsole: () => options.open(null),
          setMute,
          quit: () => options.app.quit(),
        }),
      ),
    );
    clearTimeout(muteEnds);
    muteEnds = undefined;
    if (mute?.until != null)
      muteEnds = setTimeout(refresh, Math.min(Math.max(mute.until - Date.now(), 0) + 1, longestTimer));
  }

  const unsubscribe = notifications.inbox.subscribe((current) => {
    inbox = current;
    refresh();
  });
  return () => {
    stopped = true;
    unsubscribe();
    clearTimeout(muteEnds);
  };
}

/** "FlareNet Console — 3 unread", and the mute of everything while there is one. */
export function trayToolTip(unread: number, muteOfAll: Mute | null): string {
  const parts = [
    ...(unread > 0 ? [`${unread} unread`] : []),
    ...(muteOfAll ? [muteOfAll.until === null ? 'muted' : `muted until ${timeOfDay(muteOfAll.until)}`] : []),
  ];
  return parts.length === 0 ? appName : `${appName} — ${parts.join(', ')}`;
}

export function trayMenuTemplate(menu: {
  inbox: Inbox;
  /** The mute of every notification, while there is one. */
  mute: Mute | null;
  open: (notification: Notification) => void;
  openConsole: () => void;
  setMute: (muted: boolean) => void;
  quit: () => void;
}): MenuItemConstructorOptions[] {
  const unread = menu.inbox.entries.filter((entry) => !entry.read).map((entry) => entry.notification);
  const listed = unread.slice(0, mostListed);
  const notificationItems: MenuItemConstructorOptions[] =
    listed.length === 0
      ? [{ label: 'No Unread Notifications', enabled: false }]
      : listed.map((notification) => ({
          label: shortened(notification.resolution?.title ?? notification.title),
          click: () => menu.open(notification),
        }));
  if (unread.length > listed.length)
    notificationItems.push({
      label: `${unread.length - listed.length} More in the Console’s Inbox`,
      click: menu.openConsole,
    });
  const { mute } = menu;
  return [
    { label: `Open ${appName}`, click: menu.openConsole },
    { type: 'separator' },
    ...notificationItems,
    { type: 'separator' },
    mute
      ? {
          label: `Unmute Notifications (Muted${mute.until === null ? '' : ` until ${timeOfDay(mute.until)}`})`,
          click: () => menu.setMute(false),
        }
      : { label: 'Mute All Notifications for 1 Hour', click: () => menu.setMute(true) },
    { type: 'separator' },
    { label: `Quit ${appName}`, click: menu.quit },
  ];
}

/** Where the platform keeps the icon, as its users call it. */
function trayPlace(platform: NodeJS.Platform): string {
  return platform === 'darwin' ? 'menu bar' : 'tray';
}

/** "Keep Running in Tray When Closed" ("in Menu Bar" on macOS). */
function keepRunningLabel(platform: NodeJS.Platform): string {
  return platform === 'darwin' ? 'Keep Running in Menu Bar When Closed' : 'Keep Running in Tray When Closed';
}

/** What the notice shown the first time the window closes to the tray says. */
export function closedToTrayNotice(platform: NodeJS.Platform): { title: string; body: string } {
  const place = trayPlace(platform);
  const quit =
    platform === 'darwin'
      ? 'choose Quit from its menu bar icon or press ⌘Q'
      : platform === 'win32'
        ? 'choose Quit from its tray icon’s menu, or File ▸ Exit'
        : 'choose Quit from its tray icon’s menu, or press Ctrl+Q in its window';
  return {
    title: `${appName} is still running in the ${place}`,
    body: `It keeps watching and notifying with its window closed. To quit, ${quit}.`,
  };
}

function shortened(text: string): string {
  return text.length <= longestLabel ? text : `${text.slice(0, longestLabel - 1)}…`;
}

function timeOfDay(at: number): string {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

function firstLineOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
