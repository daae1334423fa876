import * as realChildProcess from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Runs the built Electron main process under plain Node, with a stand-in for the `electron`
 * module, so a test sees what main does without Electron's binary:
 *
 *   node --import tsx electron/testing/electronStandIn.ts dist/electron/main.cjs [flarenet://…]
 *
 * Each thing main asks of Electron is printed as one JSON line on stdout. When main loads its
 * page, the stand-in acts as that page: it asks for the app's info from the window's main
 * frame and from a subframe, and subscribes to the desktop events, printing what comes back.
 * FAKE_ELECTRON_DATA is the folder for the app's paths; FAKE_ELECTRON_LOCK=held makes another
 * instance hold the single-instance lock; FAKE_ELECTRON_READY=1 lets the app become ready;
 * FAKE_ELECTRON_PACKAGED=1 makes it an installed app, launched without the app's path.
 * FAKE_ELECTRON_TRAY=shown makes the desktop one that shows tray icons (its session bus, asked
 * with dbus-send, has a StatusNotifierWatcher); otherwise it shows none. FAKE_ELECTRON_CLOSE=1
 * closes the window as its user would, once the page has asked for the app's info.
 */

const [mainPath, ...appArgs] = process.argv.slice(2);
if (!mainPath) throw new Error('Usage: electronStandIn.ts <main.cjs> [arguments]');
const packaged = process.env.FAKE_ELECTRON_PACKAGED === '1';
// The arguments as Electron gives them: the executable, then (run as `electron <app>` from a
// checkout) the app, then the user's. An installed app has no app argument.
process.argv = [process.execPath, ...(packaged ? [] : [resolve(mainPath)]), ...appArgs];
if (!packaged) Object.assign(process, { defaultApp: true });
const dataFolder = process.env.FAKE_ELECTRON_DATA ?? join(process.cwd(), 'fake-electron');
const trayShown = process.env.FAKE_ELECTRON_TRAY === 'shown';
const closeWindow = process.env.FAKE_ELECTRON_CLOSE === '1';

function report(what: string, detail?: unknown): void {
  process.stdout.write(`${JSON.stringify(detail === undefined ? { what } : { what, detail })}\n`);
}

const bridge = {
  invoke: 'flarenet:invoke',
  subscribe: 'flarenet:subscribe',
  stream: 'flarenet:stream',
};

class StandInIpcMain extends EventEmitter {
  readonly handlers = new Map<string, (event: unknown, raw: unknown) => unknown>();
  handle(channel: string, handler: (event: unknown, raw: unknown) => unknown): void {
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}
const ipcMain = new StandInIpcMain();

class StandInWebContents extends EventEmitter {
  readonly mainFrame = { url: '' };
  readonly session = {
    setPermissionRequestHandler: () => report('setPermissionRequestHandler'),
    setPermissionCheckHandler: () => report('setPermissionCheckHandler'),
  };
  setWindowOpenHandler(): void {
    report('setWindowOpenHandler');
  }
  send(channel: string, message: unknown): void {
    report('send', { channel, message });
  }
  isDestroyed(): boolean {
    return false;
  }
  reload(): void {
    report('reload');
  }
  forcefullyCrashRenderer(): void {}
}

/** The event a window's close listeners may prevent. */
class StandInEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

const openWindows = new Set<StandInBrowserWindow>();

class StandInBrowserWindow extends EventEmitter {
  readonly webContents = new StandInWebContents();
  private destroyed = false;
  constructor(options: { webPreferences?: Record<string, unknown> }) {
    super();
    openWindows.add(this);
    report('new BrowserWindow', options.webPreferences);
  }
  static getAllWindows(): StandInBrowserWindow[] {
    return [...openWindows];
  }
  maximize(): void {}
  isMaximized(): boolean {
    return false;
  }
  getNormalBounds() {
    return { ...display.workArea };
  }
  show(): void {}
  hide(): void {
    report('hide');
  }
  focus(): void {}
  restore(): void {}
  isMinimized(): boolean {
    return false;
  }
  isFullScreen(): boolean {
    return false;
  }
  setFullScreen(): void {}
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** As Electron closes a window: unless a close listener prevents it, it is gone, and the app says so once none is left. */
  close(): void {
    const event = new StandInEvent();
    this.emit('close', event);
    report('close', { prevented: event.defaultPrevented });
    if (event.defaultPrevented) return;
    this.destroyed = true;
    openWindows.delete(this);
    this.emit('closed');
    if (openWindows.size === 0) app.emit('window-all-closed');
  }
  async loadFile(path: string): Promise<void> {
    this.webContents.mainFrame.url = pathToFileURL(path).toString();
    report('loadFile', { path });
    await actAsThePage(this.webContents);
    // The user closes it once it has loaded.
    if (closeWindow) setImmediate(() => this.close());
  }
}

/** What the page would do first: ask for the app's info, from its main frame and from a subframe. */
async function actAsThePage(contents: StandInWebContents): Promise<void> {
  const invoke = ipcMain.handlers.get(bridge.invoke);
  if (!invoke) throw new Error('main registered no invoke handler');
  const request = { id: 1, channel: 'app.getInfo', payload: {} };
  report('main frame asks', await invoke({ sender: contents, senderFrame: contents.mainFrame }, request));
  const subframe = { url: contents.mainFrame.url };
  report('subframe asks', await invoke({ sender: contents, senderFrame: subframe }, request));
  ipcMain.emit(
    bridge.subscribe,
    { sender: contents, senderFrame: contents.mainFrame },
    { id: 1, channel: 'desktop.events', params: {} },
  );
}

const display = { workArea: { x: 0, y: 0, width: 1920, height: 1080 } };

const app = Object.assign(new EventEmitter(), {
  isPackaged: packaged,
  getPath: (name: string) => join(dataFolder, name),
  getVersion: () => '0.0.0-stand-in',
  getName: () => 'FlareNet Console',
  requestSingleInstanceLock: (data: unknown) => {
    report('requestSingleInstanceLock', data);
    return process.env.FAKE_ELECTRON_LOCK !== 'held';
  },
  setAsDefaultProtocolClient: (scheme: string) => {
    report('setAsDefaultProtocolClient', scheme);
    return true;
  },
  enableSandbox: () => report('enableSandbox'),
  quit: () => report('quit'),
  exit: (code: number) => {
    report('exit', code);
    process.exit(code);
  },
  whenReady: () =>
    process.env.FAKE_ELECTRON_READY === '1' ? Promise.resolve() : new Promise<void>(() => {}),
});

/** Electron's desktop notifications: each shown one is printed. */
class StandInNotification {
  static isSupported(): boolean {
    return true;
  }
  constructor(private readonly options: { title: string; body: string }) {}
  on(): this {
    return this;
  }
  show(): void {
    report('showNotification', this.options);
  }
  close(): void {}
}

/** Electron's Tray: what main sets on it is printed, its menu as its items' labels. */
class StandInTray {
  constructor(image: { path: string }) {
    report('new Tray', { icon: basename(image.path) });
  }
  setToolTip(toolTip: string): void {
    report('setToolTip', toolTip);
  }
  setContextMenu(menu: Array<{ label?: string; type?: string }> | null): void {
    report(
      'setContextMenu',
      menu?.map((item) => item.label ?? item.type),
    );
  }
  on(): this {
    return this;
  }
  destroy(): void {
    report('destroy Tray');
  }
}

/** The images main loads: only whether the file is there, as an image that is empty when it is not. */
const nativeImage = {
  createFromPath: (path: string) => {
    const found = existsSync(path);
    report('createFromPath', {
      file: basename(path),
      besideMain: resolve(path, '..') === resolve(mainPath, '..'),
      found,
    });
    return { path, isEmpty: () => !found };
  },
};

const electron = {
  app,
  autoUpdater: new EventEmitter(),
  Notification: StandInNotification,
  Tray: StandInTray,
  nativeImage,
  BrowserWindow: StandInBrowserWindow,
  ipcMain,
  screen: { getPrimaryDisplay: () => display, getAllDisplays: () => [display] },
  shell: { openExternal: () => Promise.resolve() },
  nativeTheme: { themeSource: 'system' },
  Menu: {
    buildFromTemplate: (template: Array<{ label?: string; role?: string }>) => template,
    setApplicationMenu: (template: Array<{ label?: string; role?: string }>) =>
      report(
        'setApplicationMenu',
        template.map((item) => item.label ?? item.role),
      ),
  },
  dialog: { showErrorBox: (title: string, text: string) => report('showErrorBox', { title, text }) },
  safeStorage: {
    isEncryptionAvailable: () => false,
    encryptString: () => Buffer.alloc(0),
    decryptString: () => '',
  },
};

type ExecFileCallback = (error: Error | null, stdout: string, stderr: string) => void;
/**
 * The desktop's session bus, which main asks with dbus-send whether anything shows tray icons:
 * it answers as FAKE_ELECTRON_TRAY says. Every other command runs.
 */
const childProcess = {
  ...realChildProcess,
  execFile: (file: string, ...rest: unknown[]): unknown => {
    if (file !== 'dbus-send')
      return (realChildProcess.execFile as (...args: unknown[]) => unknown)(file, ...rest);
    report('dbus-send', (rest[0] as string[]).at(-1));
    const callback = rest.at(-1) as ExecFileCallback;
    setImmediate(() => callback(null, `   boolean ${trayShown}\n`, ''));
    return undefined;
  },
};

// Node's module loader is the one place every require('electron') (and 'node:child_process') of
// the bundle goes through.
const loader = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
const load = loader._load.bind(loader);
loader._load = (request, ...rest) => {
  if (request === 'electron') return electron;
  if (request === 'node:child_process' || request === 'child_process') return childProcess;
  return load(request, ...rest);
};

createRequire(import.meta.url)(resolve(mainPath));
report('loaded');
