import type { RefObject } from 'react';
import { FilterInput } from '../app/FilterInput';
import { useLag, useLagStore } from './lagStoreContext';

export function LagFilterBox({ inputRef }: { inputRef: RefObject<HTMLInputElement | null> }) {
  const store = useLagStore();
  const filter = useLag((state) => state.filter);
  const shown = useLag((state) => state.matched);
  // Every group, as main counts them: the page holds only a window of them.
  const total = useLag((state) => {
    let groups = 0;
    for (const counts of state.severityCounts.values())
      groups += counts.ok + counts.unknown + counts.warn + counts.error;
    return groups;
  });
  return (
    <FilterInput
      inputRef={inputRef}
      label="Filter consumer groups"
      placeholder="Filter by group, topic, owner service or status — press /"
      value={filter}
      shown={shown}
      total={total}
      onChange={(text) => store.getState().setFilter(text)}
    />
  );
}

/** Opens the topic tail panel on its own, to pick a cluster and topic. */
export function TailButton() {
  const store = useLagStore();
  const open = useLag((state) => state.tail.open);
  const noKafka = useLag((state) => state.snapshot !== null && state.clusters.size === 0);
  if (noKafka) return null;
  return (
    <button
      type="button"
      className="button"
      aria-pressed={open}
      onClick={() => (open ? store.getState().closeTail() : store.getState().openTail())}
      data-testid="tail-toggle"
      title="Watch the messages of a topic"
    >
      {open ? 'Hide tail' : 'Tail a topic'}
    </button>
  );
}
