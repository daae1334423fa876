import { useEffect, useState } from 'react';
import type { EventOf, StreamChannel } from '../../../shared/ipc/channel';
import { useConsoleClient } from './consoleClientContext';
import {
  receiveLiveEvent,
  type LiveCollection,
  type LiveCollectionKind,
  type LiveEvent,
} from './liveCollection';
import { openResubscribingStream } from './resubscribingStream';

/**
 * A whole live collection (the fleet, consumer lag), for a view that reads all of it: the
 * topology, a service's consumer groups. Subscribed while the view is shown, so the tables'
 * pages hold only their windows the rest of the time. Unchanged items keep their objects,
 * which the topology's graph builder relies on to redo only what changed. Null until the
 * whole first snapshot has come.
 */
export function useWholeCollection<C extends StreamChannel, Snapshot, Patch, Item, Group>(
  channel: C & (EventOf<C> extends LiveEvent<Snapshot, Patch, Item> ? unknown : never),
  kind: LiveCollectionKind<Snapshot, Patch, Item, Group>,
): Snapshot | null {
  const client = useConsoleClient();
  const [snapshot, setSnapshot] = useState<Snapshot | null>(null);
  useEffect(() => {
    let held: LiveCollection<Snapshot, Item, Group> = { snapshot: null, items: new Map(), groups: new Map() };
    return openResubscribingStream(client, channel, {} as never, {
      onEvent: (event) => {
        const update = receiveLiveEvent(kind, held, event as LiveEvent<Snapshot, Patch, Item>);
        if (!update) return;
        held = update;
        // A snapshot's later pages are drawn once they have all come, not at each page.
        if (update.remaining === null || update.remaining === 0) setSnapshot(update.snapshot);
      },
      // The resubscription brings a fresh snapshot; until then the last one stays shown.
      onEnd: () => {},
    });
  }, [client, channel, kind]);
  return snapshot;
}
