import { app, BrowserWindow, dialog, ipcMain, safeStorage, shell } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startConsoleCore, type ConsoleCore } from '../core/app/consoleCore';
import { startSandboxOnDemand } from '../sandbox/sandboxOnDemand';
import { attachElectronIpc } from './electronIpc';
import { hardenWindow } from './hardenWindow';

// Wiring only: everything the console does lives in plain modules that also run in the
// console host and the tests.

const rendererDir = join(__dirname, '..', 'renderer');
const rendererIndex = join(rendererDir, 'index.html');
const rendererUrlPrefix = pathToFileURL(rendererDir).toString() + '/';
const isAppUrl = (url: string) => url.startsWith(rendererUrlPrefix);

let core: ConsoleCore | undefined;

async function openConsoleWindow(consoleCore: ConsoleCore): Promise<void> {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 900,
    minHeight: 600,
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
  win.on('closed', detach);
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
    core = await startConsoleCore({
      shell: 'electron',
      dataDir: app.getPath('userData'),
      env: process.env,
      version: app.getVersion(),
      readOnlyReason: null,
      downloadsDir: app.getPath('downloads'),
      encryption: safeStorage,
      startSandbox: startSandboxOnDemand,
      log: (line) => process.stdout.write(`${line}\n`),
    });
    await openConsoleWindow(core);
    app.on('activate', () => {
      if (core && BrowserWindow.getAllWindows().length === 0) void openConsoleWindow(core);
    });
  })
  .catch((error: unknown) => {
    dialog.showErrorBox(
      'FlareNet Console could not start',
      error instanceof Error ? error.message : String(error),
    );
    app.exit(1);
  });

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', (event) => {
  if (!core) return;
  const closing = core;
  core = undefined;
  event.preventDefault();
  void closing.close().finally(() => app.quit());
});
