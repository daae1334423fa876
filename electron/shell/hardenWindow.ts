import { shell, type BrowserWindow } from 'electron';

/**
 * The rules every console window lives by: no new windows, no navigation away from the
 * app, http(s) links open in the user's browser, and no permission is ever granted.
 */
export function hardenWindow(win: BrowserWindow, isAppUrl: (url: string) => boolean): void {
  const contents = win.webContents;

  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });

  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    openExternally(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());

  // Writing to the clipboard is the one permission the console needs ("Copy as text" for an
  // incident channel); reading it, and everything else, stays refused.
  const allowed = new Set(['clipboard-sanitized-write']);
  contents.session.setPermissionRequestHandler((_webContents, permission, callback) =>
    callback(allowed.has(permission)),
  );
  contents.session.setPermissionCheckHandler((_webContents, permission) => allowed.has(permission));
}

function openExternally(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return;
  }
  if (parsed.protocol === 'https:' || parsed.protocol === 'http:') void shell.openExternal(parsed.toString());
}
