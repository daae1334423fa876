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
 * ending, which main does when it fails, and an event the caller throws on, which ends it
 * from this side: the stream is opened again after a delay that doubles while it keeps
 * failing and starts over once an event is taken.
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

  const retry = (error: IpcError) => {
    failures += 1;
    const delayMs = Math.min(delays.firstRetryDelayMs * 2 ** (failures - 1), delays.longestRetryDelayMs);
    handlers.onEnd(error, delayMs);
    retryTimer = setTimeout(open, delayMs);
  };

  const open = () => {
    retryTimer = null;
    let refused = false;
    const stream = client.subscribe(
      channel,
      params,
      (event) => {
        if (refused) return;
        try {
          handlers.onEvent(event);
          failures = 0;
        } catch (error) {
          // The caller could not take the event (a patch that does not fit what it holds): it
          // kept what it had, and a fresh snapshot from a new subscription sets it right.
          refused = true;
          unsubscribe?.();
          unsubscribe = null;
          if (!stopped) retry({ code: 'BAD_RESPONSE', message: messageOf(error) });
        }
      },
      (error) => {
        unsubscribe = null;
        if (stopped || refused) return;
        retry(error ?? { code: 'UNAVAILABLE', message: `The stream ${channel.name} ended.` });
      },
    );
    // An event refused while subscribing found nothing to unsubscribe yet.
    if (refused) stream();
    else unsubscribe = stream;
  };

  open();
  return () => {
    stopped = true;
    if (retryTimer !== null) clearTimeout(retryTimer);
    unsubscribe?.();
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
