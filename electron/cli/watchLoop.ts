import { delay } from '../../shared/delay';
import type { CliIo } from './cliCommand';

/** Calls `stop` when the person asks a watch to end; returns the cleanup. */
export type InterruptListener = (stop: () => void) => () => void;

export const interruptByCtrlC: InterruptListener = (stop) => {
  process.once('SIGINT', stop);
  return () => process.off('SIGINT', stop);
};

export interface WatchOptions {
  intervalMs: number;
  io: CliIo;
  /** The exit code of the first print, returned if the watch ends before it draws again. */
  code: number;
  /** Before each draw, e.g. a monitor's refresh. */
  refresh?: () => Promise<void> | void;
  /** Draws once more; returns the exit code that drawing stands for. */
  draw: () => number;
  onInterrupt?: InterruptListener;
}

/**
 * `--watch`: redraws every `intervalMs` until interrupted, and returns the last draw's exit
 * code. A draw that throws is reported and the watch goes on: it outlives an outage.
 */
export async function watchUntilInterrupted(options: WatchOptions): Promise<number> {
  const stopped = new AbortController();
  const stopListening = (options.onInterrupt ?? interruptByCtrlC)(() => stopped.abort());
  let code = options.code;
  try {
    while (!stopped.signal.aborted) {
      await delay(options.intervalMs, stopped.signal);
      if (stopped.signal.aborted) break;
      await options.refresh?.();
      try {
        code = options.draw();
      } catch (error) {
        options.io.err(`Error: ${error instanceof Error ? error.message : String(error)}`);
        code = 1;
      }
    }
    return code;
  } finally {
    stopListening();
  }
}
