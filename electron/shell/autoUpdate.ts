import type { LockHolder } from '../../shared/actions/actionModel';
import { restartToUpdate, type DesktopEvent } from '../../shared/ipc/desktop';
import { ConsoleError } from '../core/ipc/consoleError';
import type { IpcRouter } from '../core/ipc/router';

/** What an update feed says about the version it offers. */
interface OfferedUpdate {
  version: string;
}

/** The part of electron-updater's `autoUpdater` the console uses. */
export interface Updater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  checkForUpdates(): Promise<unknown>;
  downloadUpdate(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'update-available' | 'update-downloaded', listener: (info: OfferedUpdate) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface AutoUpdateOptions {
  /** electron-updater's `autoUpdater`, loaded only in an installed build. */
  loadUpdater: () => Promise<Updater>;
  /** Electron's `app.isPackaged`: a build run from a checkout has no feed to follow. */
  isPackaged: boolean;
  /** The rollbacks and promotions under way now; nothing is checked, fetched or installed during one. */
  actionsUnderWay: () => readonly LockHolder[];
  /** Tells every page, including those that load later, that an update is ready. */
  tellPages: (event: DesktopEvent & { type: 'update-ready' }) => void;
  log: (line: string) => void;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

export const checkIntervalMs = 24 * 60 * 60_000;
/** How often a step put off for an action looks again whether the action has ended. */
export const actionRecheckMs = 60_000;
/** An updater's error can carry a whole HTTP response; the log gets its first line. */
const longestLoggedError = 300;

/**
 * Keeps the installed app up to date from the feed electron-builder.yml names: it checks at
 * start and once a day, downloads what the feed offers and tells the page, which offers a
 * restart; it never restarts by itself. While a rollback or promotion is under way it does
 * not check, download or install, and takes the step up again once the action has ended. A
 * failed check (offline, no feed) is one line in the log and waits for the next day: a
 * console kept open on a wall screen must not fill its log or its screen with it.
 */
export class AutoUpdate {
  private readonly setTimer: (run: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;
  /** The step put off until the action under way has ended, if any. */
  private putOff: unknown = null;
  private failureLogged = false;
  private readyVersion: string | null = null;
  private updater: Updater | null = null;

  constructor(private readonly options: AutoUpdateOptions) {
    this.setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
    this.clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  }

  /** Checks now and every day after; does nothing in a build that is not installed. */
  start(): void {
    if (!this.options.isPackaged) return;
    this.options
      .loadUpdater()
      .then((updater) => this.follow(updater))
      .catch((error: unknown) => this.options.log(`Cannot update the app: ${firstLineOf(error)}`));
  }

  private follow(updater: Updater): void {
    this.updater = updater;
    // Downloads wait for actions too, so they are started here rather than by the updater.
    updater.autoDownload = false;
    // An update the user did not restart for installs when they quit: never a restart by itself.
    updater.autoInstallOnAppQuit = true;
    updater.on('update-available', (info) => {
      this.options.log(`Version ${info.version} is offered by the update feed; downloading it.`);
      this.whenNoActionRuns('download', () => updater.downloadUpdate());
    });
    updater.on('update-downloaded', (info) => {
      this.readyVersion = info.version;
      this.options.log(`Version ${info.version} is downloaded and installs on restart.`);
      this.options.tellPages({ type: 'update-ready', version: info.version });
    });
    updater.on('error', (error) => this.failed(error));
    this.check(updater);
  }

  /** Quits, installs and starts the new version; returns why it cannot, or null. */
  restart(): string | null {
    if (this.readyVersion === null || this.updater === null) return 'No update has been downloaded yet.';
    const underWay = this.options.actionsUnderWay();
    if (underWay.length > 0) return `${describeActions(underWay)}: restart to update once it has ended.`;
    this.updater.quitAndInstall(false, true);
    return null;
  }

  register(router: IpcRouter): void {
    router.register(restartToUpdate, () => {
      const refusal = this.restart();
      if (refusal) throw new ConsoleError('CONFLICT', refusal);
      return {};
    });
  }

  private check(updater: Updater): void {
    // Once an update is ready, the page offers it until the user restarts.
    if (this.readyVersion !== null) return;
    this.setTimer(() => this.check(updater), checkIntervalMs);
    this.failureLogged = false;
    this.whenNoActionRuns('check', () => updater.checkForUpdates());
  }

  private whenNoActionRuns(step: 'check' | 'download', run: () => Promise<unknown>): void {
    if (this.putOff !== null) this.clearTimer(this.putOff);
    this.putOff = null;
    const underWay = this.options.actionsUnderWay();
    if (underWay.length === 0) {
      // An updater that throws rather than rejects is a failed check too, not an uncaught error.
      Promise.resolve()
        .then(run)
        .catch((error: unknown) => this.failed(error));
      return;
    }
    this.options.log(`The update ${step} waits: ${describeActions(underWay)}.`);
    const lookAgain = () => {
      if (this.options.actionsUnderWay().length > 0) this.putOff = this.setTimer(lookAgain, actionRecheckMs);
      else this.whenNoActionRuns(step, run);
    };
    this.putOff = this.setTimer(lookAgain, actionRecheckMs);
  }

  /** The updater both emits an error and rejects its promise: one line for the two, and for the day. */
  private failed(error: unknown): void {
    if (this.failureLogged) return;
    this.failureLogged = true;
    this.options.log(`Cannot update the app (tries again in 24 hours): ${firstLineOf(error)}`);
  }
}

function firstLineOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? '').slice(0, longestLoggedError);
}

function describeActions(underWay: readonly LockHolder[]): string {
  const [first] = underWay;
  if (!first) return 'no action is under way';
  const what = first.kind === 'reconciliation' ? 'an action' : `a ${first.kind}`;
  const more = underWay.length > 1 ? ` and ${underWay.length - 1} more` : '';
  return `${what} of ${first.service} (${first.environment}, cluster ${first.cluster}) is under way${more}`;
}
