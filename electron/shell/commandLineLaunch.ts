import { isCliCommand } from '../cli/runCli';

/** How Electron started this process: its arguments, and whether it was run as `electron <app>` from a checkout. */
export interface Launch {
  argv: readonly string[];
  defaultApp?: boolean;
}

/**
 * The `flarenet` command line the app was launched with (`flarenet-console host --port 7311`,
 * `flarenet-console services --help`), or null for a launch that opens the console's window.
 * The installed app carries the CLI and the console host, but its binary cannot run their
 * files as plain Node (its RunAsNode fuse is off), so it runs the command itself. Only a first
 * argument the CLI knows counts: what launchers and the operating system pass (a
 * `flarenet://` link, Chromium switches, macOS's `-psn_…`) still opens the window.
 */
export function cliArgsOfLaunch(launch: Launch): string[] | null {
  // Electron's arguments start with its executable and, from a checkout, the app's folder.
  const args = launch.argv.slice(launch.defaultApp ? 2 : 1);
  const [first] = args;
  return first !== undefined && isCliCommand(first) ? args : null;
}

interface PreventableEvent {
  preventDefault(): void;
}

/** The part of Electron's `app` a command run needs. */
export interface CommandApp {
  on(event: 'will-quit', listener: (event: PreventableEvent) => void): unknown;
  /** macOS only. */
  dock?: { hide(): void } | undefined;
}

/** The part of `process` through which a command stops, fails and exits. */
export interface CommandProcess {
  listenerCount(event: 'SIGTERM'): number;
  emit(event: 'SIGTERM'): boolean;
  on(event: 'uncaughtException', listener: (error: Error) => void): unknown;
  stderr: { write(text: string): unknown };
  exit(code: number): never;
}

/**
 * Makes this Electron process behave as the `flarenet` command does under Node:
 * - no icon in the macOS Dock, as it opens no window;
 * - an error nothing caught goes to stderr with exit code 1, as under Node, instead of
 *   Electron's dialog box;
 * - Electron takes SIGINT and SIGTERM itself on some platforms and quits: a command that
 *   stops cleanly on SIGTERM (the console host, which closes its core and sessions) is then
 *   stopped that way, and decides itself when the process exits. Other commands just end.
 */
export function behaveAsCommand(app: CommandApp, commandProcess: CommandProcess): void {
  app.dock?.hide();
  commandProcess.on('uncaughtException', (error) => {
    commandProcess.stderr.write(`${error.stack ?? error.message}\n`);
    commandProcess.exit(1);
  });
  app.on('will-quit', (event) => {
    if (commandProcess.listenerCount('SIGTERM') === 0) return;
    event.preventDefault();
    commandProcess.emit('SIGTERM');
  });
}
