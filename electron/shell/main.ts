import {
  app,
  autoUpdater as nativeUpdater,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  nativeTheme,
  Notification,
  safeStorage,
  screen,
  shell,
  Tray,
} from 'electron';
import type { AppUpdater } from 'electron-updater';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deepLinkInArgs, type LinkTarget } from '../../shared/desktop/deepLink';
import { runCliInProcess } from '../cli/cliProcess';
import { startConsoleCore, type ConsoleCore } from '../core/app/consoleCore';
import { startSandboxOnDemand } from '../sandbox/sandboxOnDemand';
import { keychainFromEnvironment } from '../core/kafka/osKeychain';
import { buildMenuTemplate } from './applicationMenu';
import { AutoUpdate, type Updater } from './autoUpdate';
import { behaveAsCommand, cliArgsOfLaunch } from './commandLineLaunch';
import {
  startConsoleTray,
  trayIconFile,
  trayMissing,
  trayPreferencesIn,
  type ConsoleTray,
} from './consoleTray';
import { DesktopEventHub } from './desktopEventHub';
import { attachElectronIpc } from './electronIpc';
import { hardenWindow } from './hardenWindow';
import { registerThemeSource } from './nativeThemeSource';
import { appLogFolder, logProcessErrors, MainLog } from './mainLog';
import { recoverRenderer } from './rendererRecovery';
import { bringToFront, holdSingleInstance, registerLinkProtocol } from './singleInstance';
import { showDesktopNotifications } from './desktopNotifications';
import { placeWindow, rememberWindowState, smallestWindowSize, WindowStateFile } from './windowState';

// Wiring only: everything the console does lives in plain modules that also run in the
// console host and the tests.

const readOnlyModeReason = 'read-only mode is on (File ▸ Read-Only Mode); turn it off there to run actions';

const rendererDir = join(__dirname, '..', 'renderer');
const rendererIndex = join(rendererDir, 'index.html');
const rendererUrlPrefix = pathToFileURL(rendererDir).toString() + '/';
const isAppUrl = (url: string) => url.startsWith(rendererUrlPrefix);

const cliArgs = cliArgsOfLaunch(process);
if (cliArgs) runCommand(cliArgs);
else startDesktopApp();

/**
 * `flarenet-console <command>`: the command runs in this process as the `flarenet` command
 * would, with its output and exit code, and no window, menu or single-instance lock: a console
 * host on a wall screen and the console's window run side by side.
 */
function runCommand(args: string[]): void {
  behaveAsCommand(app, process);
  runCliInProcess(args, app.getVersion());
}

function startDesktopApp(): void {
  const mainLog = new MainLog({
    folder: appLogFolder(app),
    echo: (line) => process.stdout.write(`${line}\n`),
  });
  const log = (line: string) => mainLog.info(line);
  logProcessErrors(process, mainLog, (error) => {
    dialog.showErrorBox('FlareNet Console stopped', `${error.message}\n\nThe log is ${mainLog.path}.`);
    app.exit(1);
  });
  const desktopEvents = new DesktopEventHub();
  const windowState = new WindowStateFile(join(app.getPath('userData'), 'window-state.json'), log);

  let core: ConsoleCore | undefined;
  let consoleWindow: BrowserWindow | null = null;
  let opening: Promise<void> | null = null;
  let tray: ConsoleTray | undefined;

  /** Brings the window forward, shown again if it was hidden to the tray; opens one if none is (or is being) open. */
  const showConsole = (): Promise<void> => {
    if (consoleWindow && !consoleWindow.isDestroyed()) bringToFront(consoleWindow);
    else if (core && !opening) opening = openConsoleWindow(core).finally(() => (opening = null));
    return opening ?? Promise.resolve();
  };
  /** A desktop notification or the tray's menu: the console, on the service or group if there is one. */
  const openConsoleOn = (target: LinkTarget | null) => {
    void showConsole();
    if (target) desktopEvents.publish({ type: 'open', target });
  };

  const openLink = (link: string) => {
    const refused = desktopEvents.openLink(link);
    if (refused) log(refused);
  };

  const primaryInstance = holdSingleInstance(app, process.argv, {
    focus: () => void showConsole(),
    openLink,
  });
  if (primaryInstance) {
    registerLinkProtocol(app, process);
    const launchLink = deepLinkInArgs(process.argv);
    if (launchLink) openLink(launchLink);
  }

  async function openConsoleWindow(consoleCore: ConsoleCore): Promise<void> {
    const displays = [screen.getPrimaryDisplay(), ...screen.getAllDisplays()];
    const placement = placeWindow(
      await windowState.read(),
      displays.map((display) => display.workArea),
    );
    const win = new BrowserWindow({
      ...placement.bounds,
      minWidth: smallestWindowSize.width,
      minHeight: smallestWindowSize.height,
      backgroundColor: '#0d1117',
      title: 'FlareNet Console',
      show: false,
      webPreferences: {
        preload: join(__dirname, 'preload.cjs'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        spellcheck: false,
      },
    });
    hardenWindow(win.webContents, isAppUrl, shell);
    const detach = attachElectronIpc(ipcMain, consoleCore.router, win.webContents, isAppUrl);
    recoverRenderer(win, {
      log,
      notice: (text) => desktopEvents.publishToNextPage({ type: 'notice', text }),
    });
    if (placement.maximized) win.maximize();
    rememberWindowState(win, (state) => windowState.save(state));
    tray?.manage(win);
    consoleWindow = win;
    win.on('closed', () => {
      detach();
      if (consoleWindow === win) consoleWindow = null;
    });
    win.once('ready-to-show', () => win.show());
    await win.loadFile(rendererIndex);
  }

  app.enableSandbox();

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  app
    .whenReady()
    .then(async () => {
      // The second launch has handed its link to the first and is on its way out.
      if (!primaryInstance) return;
      // Asked while the core starts: whether this desktop shows tray icons at all.
      const trayMissingHere = trayMissing(process.platform);
      core = await startConsoleCore({
        shell: 'electron',
        dataDir: app.getPath('userData'),
        env: process.env,
        version: app.getVersion(),
        readOnlyReason: null,
        downloadsDir: app.getPath('downloads'),
        encryption: safeStorage,
        keychain: keychainFromEnvironment(process.env),
        startSandbox: startSandboxOnDemand,
        log,
      });
      desktopEvents.register(core.router);
      registerThemeSource(core.router, nativeTheme);
      showDesktopNotifications({ Notification, notifications: core.notifications, open: openConsoleOn, log });
      const trayIcon = join(__dirname, trayIconFile(process.platform));
      tray = startConsoleTray({
        platform: process.platform,
        app,
        updater: nativeUpdater,
        missing: await trayMissingHere,
        createTray: () => {
          const image = nativeImage.createFromPath(trayIcon);
          if (image.isEmpty()) throw new Error(`its image ${trayIcon} is missing or not a PNG`);
          return new Tray(image);
        },
        buildMenu: (template) => Menu.buildFromTemplate(template),
        notifications: core.notifications,
        Notification,
        open: openConsoleOn,
        preferences: trayPreferencesIn(await windowState.read()),
        savePreferences: (changed) => windowState.save(changed),
        log,
      });
      const updates = new AutoUpdate({
        isPackaged: app.isPackaged,
        // Loaded only in an installed build, and required: electron-updater's autoUpdater is a
        // getter, which import() of a CommonJS package does not see.
        loadUpdater: () =>
          new Promise<Updater>((resolve) =>
            resolve(
              (createRequire(__filename)('electron-updater') as { autoUpdater: AppUpdater }).autoUpdater,
            ),
          ),
        actionsUnderWay: () => core?.actionsUnderWay() ?? [],
        tellPages: (event) => desktopEvents.announce(event),
        log,
      });
      updates.register(core.router);
      updates.start();
      Menu.setApplicationMenu(
        Menu.buildFromTemplate(
          buildMenuTemplate({
            platform: process.platform,
            isPackaged: app.isPackaged,
            appName: app.getName(),
            send: (event) => desktopEvents.command(event),
            readOnly: {
              on: core.info.readOnly,
              turn: (on) => core?.setReadOnly(on ? readOnlyModeReason : null),
            },
            keepRunningInTray: tray.keepRunning,
          }),
        ),
      );
      await showConsole();
    })
    .catch((error: unknown) => {
      mainLog.error('The console could not start', error);
      dialog.showErrorBox(
        'FlareNet Console could not start',
        error instanceof Error ? error.message : String(error),
      );
      app.exit(1);
    });

  // Closing the last window (window-all-closed) and the dock icon (activate) are the tray's
  // to handle: see consoleTray.ts.

  app.on('will-quit', (event) => {
    tray?.close();
    tray = undefined;
    if (!core) return;
    const closing = core;
    core = undefined;
    event.preventDefault();
    void Promise.all([closing.close(), windowState.settled()]).finally(() => app.quit());
  });
}
