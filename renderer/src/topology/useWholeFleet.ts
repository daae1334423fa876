import { useEffect, useState } from 'react';
import type { FleetSnapshot, ServiceSummary, ClusterStatus } from '../../../shared/fleet/fleetModel';
import { fleetUpdates } from '../../../shared/ipc/fleet';
import { receiveLiveEvent, type LiveCollection } from '../app/liveCollection';
import { useConsoleClient } from '../app/consoleClientContext';
import { openResubscribingStream } from '../app/resubscribingStream';
import { fleetCollection } from '../fleet/fleetStore';

/**
 * The whole live fleet, for the topology, which draws every service (or, at scale, the
 * problems among all of them): subscribed while the view is shown, so the services table's
 * page holds only its window the rest of the time. Unchanged services keep their objects,
 * which the graph builder relies on to redo only what changed.
 */
export function useWholeFleet(): FleetSnapshot | null {
  const client = useConsoleClient();
  const [snapshot, setSnapshot] = useState<FleetSnapshot | null>(null);
  useEffect(() => {
    let held: LiveCollection<FleetSnapshot, ServiceSummary, ClusterStatus> = {
      snapshot: null,
      items: new Map(),
      groups: new Map(),
    };
    return openResubscribingStream(
      client,
      fleetUpdates,
      {},
      {
        onEvent: (event) => {
          const update = receiveLiveEvent(fleetCollection, held, event);
          if (!update) return;
          held = update;
          // A snapshot's later pages are drawn once they have all come, not at each page.
          if (update.remaining === null || update.remaining === 0) setSnapshot(update.snapshot);
        },
        // The resubscription brings a fresh snapshot; until then the last one stays drawn.
        onEnd: () => {},
      },
    );
  }, [client]);
  return snapshot;
}
