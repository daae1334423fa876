/** What a live stream of snapshots and deltas sends: the fleet's, consumer lag's. */
export type SnapshotOrDelta<Snapshot, Delta> =
  { type: 'snapshot'; snapshot: Snapshot } | { type: 'delta'; delta: Delta };

/**
 * A store's `receive` for such a stream: a snapshot replaces, a delta applies to the last
 * snapshot. A delta before any snapshot has nothing to apply to and is dropped; the stream
 * always starts with a snapshot, so that only happens if main breaks the contract.
 */
export function receiveSnapshotOrDelta<State extends { snapshot: Snapshot | null }, Snapshot, Delta, Update>(
  get: () => State,
  set: (update: NoInfer<Update>) => void,
  withSnapshot: (state: State, snapshot: Snapshot, receivedAt: number) => Update,
  withDelta: (state: State, snapshot: Snapshot, delta: Delta, receivedAt: number) => Update,
): (event: SnapshotOrDelta<Snapshot, Delta>, receivedAt: number) => void {
  return (event, receivedAt) => {
    const state = get();
    if (event.type === 'snapshot') {
      set(withSnapshot(state, event.snapshot, receivedAt));
    } else if (state.snapshot) {
      set(withDelta(state, state.snapshot, event.delta, receivedAt));
    }
  };
}
