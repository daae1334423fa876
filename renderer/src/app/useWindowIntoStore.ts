import { useCallback, useEffect, useRef, useState } from 'react';
import type { WindowRequest } from '../../../shared/live/windowedStream';
import type { EventOf, StreamChannel } from '../../../shared/ipc/channel';
import type { ConsoleClient } from '../../../shared/ipc/client';
import type { StoreApi } from 'zustand/vanilla';
import type { LiveWindow } from './liveWindow';
import { useStreamIntoStore, type StreamFedState } from './useStreamIntoStore';

/**
 * How long a table's request must stay the same before the window is asked for again: a
 * held arrow key or a word being typed asks once, when it settles, not at every step.
 */
const requestSettleMs = 120;

/**
 * Keeps a windowed store (app/liveWindow.ts) fed with the window its table asks for: the
 * stream subscribes again, with the new request, once a change of it has settled, and each
 * snapshot is marked as the answer to the request it was asked with. `afterEvent` is told
 * whether a snapshot answers the page's own new request or starts the stream over (a
 * reconnection, main restarted), after which what changed meanwhile is unknown.
 */
export function useWindowIntoStore<C extends StreamChannel>(
  client: ConsoleClient,
  channel: C & { params: { parse(value: unknown): WindowRequest } },
  store: StoreApi<LiveWindow<{ id: string }> & StreamFedState<EventOf<C>>>,
  afterEvent?: (event: EventOf<C>, context: { askedFor: boolean }) => void,
): void {
  const request = useSettledRequest(store);
  const askedFor = useRef(false);
  useEffect(() => {
    askedFor.current = true;
  }, [request]);
  const afterEventRef = useRef(afterEvent);
  useEffect(() => {
    afterEventRef.current = afterEvent;
  }, [afterEvent]);

  const onEvent = useCallback(
    (event: EventOf<C>) => {
      const snapshot = (event as { type?: string }).type === 'snapshot';
      if (snapshot) store.getState().answeredBy(request);
      afterEventRef.current?.(event, { askedFor: snapshot && askedFor.current });
      if (snapshot) askedFor.current = false;
    },
    [store, request],
  );
  useStreamIntoStore(client, channel, request as never, store, onEvent);
}

/** The store's window request, once it has stayed the same for `requestSettleMs`. */
function useSettledRequest(store: StoreApi<LiveWindow<{ id: string }>>): WindowRequest {
  const [request, setRequest] = useState(() => store.getState().request);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = store.subscribe((state, previous) => {
      if (state.request === previous.request) return;
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => setRequest(store.getState().request), requestSettleMs);
    });
    return () => {
      if (timer !== null) clearTimeout(timer);
      unsubscribe();
    };
  }, [store]);
  return request;
}
