/**
 * A list that keeps only its newest entries: what a live tail (Kafka messages, log lines)
 * shows. Each arrival gets a sequence number, unique and increasing, that names its row.
 */
export interface BoundedList<E> {
  /** Oldest first. */
  entries: readonly E[];
  /** The seq the next arrival gets; also how many arrived in total. */
  nextSeq: number;
  /** How many were pushed out to stay within the limit. */
  evicted: number;
}

export function emptyBoundedList<E>(): BoundedList<E> {
  return { entries: [], nextSeq: 0, evicted: 0 };
}

/**
 * Appends a batch, dropping the oldest entries beyond `limit`. A batch costs one new array;
 * the entries already held keep their identity, so their rows do not re-render.
 */
export function appendBounded<T, E>(
  list: BoundedList<E>,
  batch: readonly T[],
  wrap: (item: T, seq: number) => E,
  limit: number,
): BoundedList<E> {
  if (batch.length === 0) return list;
  const kept = Math.min(batch.length, limit);
  const skipped = batch.length - kept;
  const incoming: E[] = [];
  for (let i = skipped; i < batch.length; i++) incoming.push(wrap(batch[i] as T, list.nextSeq + i));
  const fromOld = Math.max(0, Math.min(list.entries.length, limit - kept));
  const dropped = list.entries.length - fromOld;
  return {
    entries: fromOld === 0 ? incoming : [...list.entries.slice(-fromOld), ...incoming],
    nextSeq: list.nextSeq + batch.length,
    evicted: list.evicted + dropped + skipped,
  };
}
