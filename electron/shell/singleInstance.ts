import { resolve } from 'node:path';
import { deepLinkInArgs, deepLinkScheme } from '../../shared/desktop/deepLink';

interface PreventableEvent {
  preventDefault(): void;
}

/** The part of Electron's `app` that keeps the console to one instance and takes its links. */
export interface SingleInstanceApp {
  requestSingleInstanceLock(additionalData?: Record<string, unknown>): boolean;
  quit(): void;
  on(
    event: 'second-instance',
    listener: (event: unknown, argv: string[], workingDirectory: string, additionalData: unknown) => void,
  ): unknown;
  on(event: 'open-url', listener: (event: PreventableEvent, url: string) => void): unknown;
}

/** What the first instance does when the console is launched again, or a link is opened. */
export interface LaunchHandOver {
  /** Bring the console's window to the front (opening one if none is left). */
  focus(): void;
  /** A `flarenet://` link to open, as the operating system passed it: not yet checked. */
  openLink(link: string): void;
}

/**
 * Keeps the console to one instance: a second launch hands its link to the first (through
 * Electron's lock data, which survives the argument mangling some launchers do, and else
 * through its arguments) and quits; the first comes to the front and opens the link. Returns
 * false in the instance that handed over. On macOS links arrive as `open-url` instead.
 */
export function holdSingleInstance(
  app: SingleInstanceApp,
  argv: readonly string[],
  handOver: LaunchHandOver,
): boolean {
  const link = deepLinkInArgs(argv);
  if (!app.requestSingleInstanceLock(link === null ? {} : { deepLink: link })) {
    app.quit();
    return false;
  }
  app.on('second-instance', (_event, secondArgv, _workingDirectory, additionalData) => {
    handOver.focus();
    const secondLink = linkFromLockData(additionalData) ?? deepLinkInArgs(secondArgv);
    if (secondLink !== null) handOver.openLink(secondLink);
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    handOver.focus();
    handOver.openLink(url);
  });
  return true;
}

function linkFromLockData(data: unknown): string | null {
  if (typeof data !== 'object' || data === null) return null;
  const link = (data as { deepLink?: unknown }).deepLink;
  return typeof link === 'string' ? link : null;
}

/** The part of Electron's `app` that registers the console as the handler of its links. */
export interface ProtocolClientApp {
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean;
}

/**
 * Makes the operating system open `flarenet://` links with this app. Run from a checkout
 * (`electron .`), the executable is Electron itself, which must be told which app to start.
 */
export function registerLinkProtocol(
  app: ProtocolClientApp,
  launch: { defaultApp?: boolean; execPath: string; argv: readonly string[] },
): boolean {
  const appPath = launch.argv[1];
  if (launch.defaultApp && appPath !== undefined)
    return app.setAsDefaultProtocolClient(deepLinkScheme, launch.execPath, [resolve(appPath)]);
  return app.setAsDefaultProtocolClient(deepLinkScheme);
}

/** The part of a BrowserWindow that brings it to the front. */
export interface FocusableWindow {
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

export function bringToFront(win: FocusableWindow): void {
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}
