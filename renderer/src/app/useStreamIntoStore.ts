import { useEffect, useRef } from 'react';
import type { EventOf, ParamsOf, StreamChannel } from '../../../shared/ipc/channel';
import type { ConsoleClient } from '../../../shared/ipc/client';
import type { IpcError } from '../../../shared/ipc/result';
import { openResubscribingStream } from './resubscribingStream';

/** A store fed by a snapshot-then-deltas stream: the fleet, consumer lag. */
export interface StreamFedState<E> {
  receive(event: E, receivedAt: number): void;
  /** Why the stream last ended, shown until the next event. */
  setStreamError(error: IpcError | null): void;
}

/**
 * Subscribes `store` to a snapshot+delta stream for as long as the component lives,
 * re-subscribing when the stream ends, and with new `params` when they change (an object
 * that keeps its identity while they do not). `afterEvent` runs after the store took the
 * event (e.g. to refresh queries the event makes stale).
 */
export function useStreamIntoStore<C extends StreamChannel>(
  client: ConsoleClient,
  channel: C,
  params: ParamsOf<C>,
  store: { getState(): StreamFedState<EventOf<C>> },
  afterEvent?: (event: EventOf<C>) => void,
): void {
  const afterEventRef = useRef(afterEvent);
  useEffect(() => {
    afterEventRef.current = afterEvent;
  }, [afterEvent]);

  useEffect(
    () =>
      openResubscribingStream(client, channel, params, {
        onEvent: (event) => {
          store.getState().receive(event, Date.now());
          afterEventRef.current?.(event);
        },
        onEnd: (error) => store.getState().setStreamError(error),
      }),
    [client, channel, params, store],
  );
}
