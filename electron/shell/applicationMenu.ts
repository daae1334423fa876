import type { MenuItemConstructorOptions } from 'electron';
import { consoleViews } from '../../shared/consoleViews';
import type { DesktopEvent } from '../../shared/ipc/desktop';

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** An installed build: no reload or developer tools, which only help someone working on the console. */
  isPackaged: boolean;
  appName: string;
  /** Hands a command to the page, which carries it out as its own buttons and keys do. */
  send: (event: DesktopEvent) => void;
  /** The console-wide read-only switch: on at start or not, and how the menu turns it. */
  readOnly: { on: boolean; turn: (on: boolean) => void };
  /**
   * Whether closing the window keeps the console running in the tray (consoleTray.ts), and
   * how the menu turns it; null where there is no tray, and no item.
   */
  keepRunningInTray: { label: string; on: boolean; turn: (on: boolean) => void } | null;
}

/**
 * The application menu: the platform's standard menus (the app menu on macOS, Edit, Window)
 * and the console's own commands with their shortcuts. The view shortcuts follow the tab
 * order, as the page's digit keys do. Ctrl/Cmd-R refreshes the fleet, as on the page's
 * "Refresh now" button; reloading the page is a developer's command and leaves packaged builds.
 */
export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { send } = options;
  const mac = options.platform === 'darwin';
  const developer: MenuItemConstructorOptions[] = options.isPackaged
    ? []
    : [{ type: 'separator' }, { role: 'forceReload' }, { role: 'toggleDevTools' }];

  const tray = options.keepRunningInTray;
  const keepRunning: MenuItemConstructorOptions[] = tray
    ? [{ label: tray.label, type: 'checkbox', checked: tray.on, click: (item) => tray.turn(item.checked) }]
    : [];

  const appMenu: MenuItemConstructorOptions[] = mac
    ? [
        {
          label: options.appName,
          submenu: [
            { role: 'about' },
            { type: 'separator' },
            { role: 'services' },
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            { type: 'separator' },
            { role: 'quit' },
          ],
        },
      ]
    : [];

  return [
    ...appMenu,
    {
      label: 'File',
      submenu: [
        {
          label: 'Export Audit Log',
          accelerator: 'CmdOrCtrl+Shift+E',
          click: () => send({ type: 'command', command: 'export-audit' }),
        },
        { type: 'separator' },
        {
          // During an incident handed to someone else, or on a screen left unattended: every
          // action is refused until it is turned off again, here and nowhere else.
          label: 'Read-Only Mode',
          type: 'checkbox',
          checked: options.readOnly.on,
          accelerator: 'CmdOrCtrl+Shift+L',
          click: (item) => options.readOnly.turn(item.checked),
        },
        ...keepRunning,
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        {
          label: 'Refresh Now',
          accelerator: 'CmdOrCtrl+R',
          click: () => send({ type: 'command', command: 'refresh' }),
        },
        { type: 'separator' },
        ...consoleViews.map((view, index): MenuItemConstructorOptions => ({
          label: view.label,
          accelerator: `CmdOrCtrl+${index + 1}`,
          click: () => send({ type: 'show-view', view: view.id }),
        })),
        { type: 'separator' },
        {
          label: 'Copy Topology as Text',
          accelerator: 'CmdOrCtrl+Shift+C',
          click: () => send({ type: 'command', command: 'copy-topology' }),
        },
        ...developer,
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
}
