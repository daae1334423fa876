import { useEffect, useState } from 'react';
import type { IpcError } from '../../../shared/ipc/result';
import { timelineUpdates } from '../../../shared/ipc/timeline';
import {
  mergeTimelineEntries,
  type TimelineEntry,
  type TimelineEvent,
  type TimelineFilter,
  type TimelineSource,
} from '../../../shared/timeline/timelineModel';
import { useConsoleClient } from '../app/consoleClientContext';
import { openResubscribingStream } from '../app/resubscribingStream';

/** Main keeps at most this many; so does the page. */
export const timelineLimit = 10_000;

export interface TimelineState {
  /** Oldest first. */
  entries: readonly TimelineEntry[];
  loaded: boolean;
  recordingSince: number | null;
  sources: readonly TimelineSource[];
  /** Why the stream last ended, until the next event. */
  error: IpcError | null;
}

export const emptyTimeline: TimelineState = {
  entries: [],
  loaded: false,
  recordingSince: null,
  sources: [],
  error: null,
};

/** A snapshot replaces what is held (it is everything main has); appends merge in by time. */
export function applyTimelineEvent(state: TimelineState, event: TimelineEvent): TimelineState {
  if (event.type === 'snapshot') {
    return {
      entries: mergeTimelineEntries([], event.entries, timelineLimit),
      loaded: true,
      recordingSince: event.recordingSince,
      sources: event.sources,
      error: null,
    };
  }
  const entries = mergeTimelineEntries(state.entries, event.entries, timelineLimit);
  return entries === state.entries && state.error === null ? state : { ...state, entries, error: null };
}

/** The timeline main records, narrowed to one service when asked, kept up to date while mounted. */
export function useTimeline(filter: TimelineFilter): TimelineState {
  const client = useConsoleClient();
  const { service, environment } = filter;
  const key = JSON.stringify([service ?? null, environment ?? null]);
  // Held with the filter it is for: another filter starts from empty until its snapshot arrives.
  const [held, setHeld] = useState<{ key: string; state: TimelineState }>({ key, state: emptyTimeline });
  useEffect(() => {
    const params = {
      ...(service === undefined ? {} : { service }),
      ...(environment === undefined ? {} : { environment }),
    };
    const update = (change: (previous: TimelineState) => TimelineState) =>
      setHeld((previous) => ({
        key,
        state: change(previous.key === key ? previous.state : emptyTimeline),
      }));
    return openResubscribingStream(client, timelineUpdates, params, {
      onEvent: (event) => update((previous) => applyTimelineEvent(previous, event)),
      onEnd: (error) => update((previous) => ({ ...previous, error })),
    });
  }, [client, key, service, environment]);
  return held.key === key ? held.state : emptyTimeline;
}
