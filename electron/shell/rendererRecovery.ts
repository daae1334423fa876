/** The part of a window's webContents that is reloaded when its page dies or hangs. */
export interface RecoverableContents {
  on(
    event: 'render-process-gone',
    listener: (event: unknown, details: { reason: string; exitCode: number }) => void,
  ): unknown;
  reload(): void;
  forcefullyCrashRenderer(): void;
  isDestroyed(): boolean;
}

/** The part of a BrowserWindow that says when its page stops (and starts again) answering. */
export interface RecoverableWindow {
  readonly webContents: RecoverableContents;
  on(event: 'unresponsive', listener: () => void): unknown;
  on(event: 'responsive', listener: () => void): unknown;
}

export interface RecoveryOptions {
  log: (line: string) => void;
  /** A one-line notice for the reloaded page to show. */
  notice: (text: string) => void;
  /** How long a hung page is given to answer again before it is reloaded. */
  hungMs?: number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
  now?: () => number;
}

/** Waits before reloading a page that died again soon after the last reload, so a crash loop does not spin. */
const reloadDelaysMs = [0, 5_000, 30_000, 60_000];
/** A page that lived this long after its reload starts the delays over. */
const stableAfterMs = 60_000;

/**
 * Keeps a window showing the console: a page whose renderer process is gone (crashed, killed,
 * out of memory) or that has hung for `hungMs` is reloaded, and the reloaded page says so in
 * one line, instead of staying blank or frozen on a wall screen. A page that keeps dying is
 * reloaded after growing pauses, never given up on.
 */
export function recoverRenderer(win: RecoverableWindow, options: RecoveryOptions): void {
  const hungMs = options.hungMs ?? 10_000;
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
  const clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  const now = options.now ?? Date.now;
  const contents = win.webContents;
  let hungTimer: unknown = null;
  let reloadTimer: unknown = null;
  let lastReloadAt = -Infinity;
  let reloadsInARow = 0;

  const stopWaitingForAnswer = () => {
    if (hungTimer !== null) clearTimer(hungTimer);
    hungTimer = null;
  };

  const reload = (why: string, crash: boolean) => {
    stopWaitingForAnswer();
    if (reloadTimer !== null || contents.isDestroyed()) return;
    reloadsInARow = now() - lastReloadAt < stableAfterMs ? reloadsInARow + 1 : 0;
    const delay = reloadDelaysMs[Math.min(reloadsInARow, reloadDelaysMs.length - 1)] ?? 0;
    options.log(`The console page ${why}; reloading it${delay > 0 ? ` in ${delay / 1000} s` : ''}.`);
    options.notice(`The page ${why} and was reloaded.`);
    reloadTimer = setTimer(() => {
      reloadTimer = null;
      if (contents.isDestroyed()) return;
      lastReloadAt = now();
      contents.reload();
    }, delay);
    // A hung page cannot be reloaded in place; its process is ended first. The 'render-process-gone'
    // that follows finds the reload already on its way.
    if (crash) contents.forcefullyCrashRenderer();
  };

  contents.on('render-process-gone', (_event, details) => {
    // A clean exit is the window closing, not a failure.
    if (details.reason === 'clean-exit') return;
    reload(
      `stopped (its process ${goneReasons[details.reason] ?? details.reason}, exit code ${details.exitCode})`,
      false,
    );
  });
  win.on('unresponsive', () => {
    if (hungTimer !== null) return;
    hungTimer = setTimer(() => {
      hungTimer = null;
      reload(`stopped responding for ${Math.round(hungMs / 1000)} s`, true);
    }, hungMs);
  });
  win.on('responsive', stopWaitingForAnswer);
}

/** Electron's reasons, in words. */
const goneReasons: Record<string, string> = {
  'abnormal-exit': 'exited abnormally',
  killed: 'was killed',
  crashed: 'crashed',
  oom: 'ran out of memory',
  'launch-failed': 'could not start',
  'integrity-failure': 'failed its code integrity checks',
};
