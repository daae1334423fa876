interface PreventableEvent {
  preventDefault(): void;
}

type PermissionRequestHandler = (
  webContents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
) => void;

/** The part of a window's `webContents` these rules hook into; Electron's own passes as is. */
export interface HardenedContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  readonly session: {
    setPermissionRequestHandler(handler: PermissionRequestHandler): void;
    setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
  };
}

/** Electron's `shell`, as far as opening a link in the user's browser goes. */
export interface ExternalOpener {
  openExternal(url: string): Promise<void>;
}

/**
 * Writing to the clipboard is the one permission the console needs ("Copy as text" for an
 * incident channel); reading it, and everything else, stays refused.
 */
const grantedPermissions: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/**
 * The rules every console window lives by: no new windows, no navigation away from the
 * app, http(s) links open in the user's browser, and no permission is granted but the one
 * the console needs.
 */
export function hardenWindow(
  contents: HardenedContents,
  isAppUrl: (url: string) => boolean,
  opener: ExternalOpener,
): void {
  const openExternally = (url: string) => {
    const link = externalLink(url);
    if (link) void opener.openExternal(link).catch(() => undefined);
  };

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

  contents.session.setPermissionRequestHandler((_webContents, permission, callback) =>
    callback(grantedPermissions.has(permission)),
  );
  contents.session.setPermissionCheckHandler((_webContents, permission) =>
    grantedPermissions.has(permission),
  );
}

/** The link to hand to the user's browser: http(s) only, never a file, a script or another app's scheme. */
function externalLink(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.toString() : null;
}
