import { useEffect, useState } from 'react';
import { overviewUpdates } from '../../../shared/ipc/overview';
import type { IpcError } from '../../../shared/ipc/result';
import type { Overview } from '../../../shared/overview/overviewModel';
import { useConsoleClient } from '../app/consoleClientContext';
import { openResubscribingStream } from '../app/resubscribingStream';

export interface OverviewState {
  /** The Overview main last sent; null until the first arrives. */
  overview: Overview | null;
  /** Why the stream ended, while it is being opened again; null while it runs. */
  error: { error: IpcError; retryInMs: number } | null;
}

/** The Overview, followed while the view is shown: main sends it whole, and again when it changes. */
export function useOverview(): OverviewState {
  const client = useConsoleClient();
  const [state, setState] = useState<OverviewState>({ overview: null, error: null });
  useEffect(
    () =>
      openResubscribingStream(
        client,
        overviewUpdates,
        {},
        {
          onEvent: (overview) => setState({ overview, error: null }),
          // What was shown stays, marked as no longer followed, until the stream is back.
          onEnd: (error, retryInMs) => setState((previous) => ({ ...previous, error: { error, retryInMs } })),
        },
      ),
    [client],
  );
  return state;
}
