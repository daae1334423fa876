import type { EventOf, ParamsOf, StreamChannel } from '../../../shared/ipc/channel';
import type { ConsoleClient } from '../../../shared/ipc/client';
import type { IpcError } from '../../../shared/ipc/result';

export interface ResubscribeDelays {
  firstRetryDelayMs: number;
  longestRetryDelayMs: number;
}

export const defaultResubscribeDelays: ResubscribeDelays = {
  firstRetryDelayMs: 1_000,
  longestRetryDelayMs: 15_000,
};

export interface ResubscribingHandlers<E> {
  onEvent(event: E): void;
  /** The stream ended (main failed, or closed it); it is opened again after `retryInMs`. */
  onEnd(error: IpcError, retryInMs: number): void;
}

/**
 * Keeps a stream open for as long as the caller wants it. A dropped connection is the
 * transport's business (it re-subscribes on reconnect); this handles the stream itself
 * ending, which main does when it fails: the stream is opened again after a delay that
 * doubles while it keeps failing and starts over once an event arrives.
 */
export function openResubscribingStream<C extends StreamChannel>(
  client: ConsoleClient,
  channel: C,
  params: ParamsOf<C>,
  handlers: ResubscribingHandlers<EventOf<C>>,
  delays: ResubscribeDelays = defaultResubscribeDelays,
): () => void {
  let unsubscribe: (() => void) | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  let failures = 0;

  const open = () => {
    retryTimer = null;
    unsubscribe = client.subscribe(
      channel,
      params,
      (event) => {
        failures = 0;
        handlers.onEvent(event);
      },
      (error) => {
        unsubscribe = null;
        if (stopped) return;
        failures += 1;
        const delayMs = Math.min(delays.firstRetryDelayMs * 2 ** (failures - 1), delays.longestRetryDelayMs);
        handlers.onEnd(
          error ?? { code: 'UNAVAILABLE', message: `The stream ${channel.name} ended.` },
          delayMs,
        );
        retryTimer = setTimeout(open, delayMs);
      },
    );
  };

  open();
  return () => {
    stopped = true;
    if (retryTimer !== null) clearTimeout(retryTimer);
    unsubscribe?.();
  };
}
