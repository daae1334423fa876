/**
 * One subscriber's view of a live collection (the fleet, consumer lag): the monitor's
 * events go through an encoder of this subscriber's own, which pages the snapshot, turns
 * each in-process delta into a patch against what this subscriber already holds, and drops
 * what leaves nothing to send.
 *
 * When an event encodes to several (a snapshot in pages), the first goes at once and the
 * rest one per turn of the event loop, so the transport sends the first page, and the page
 * can draw it, before the later pages are written; deltas queue behind the pages, in order.
 */
export function subscribeEncoded<In, Out>(
  subscribe: (listener: (event: In) => void) => () => void,
  encode: (event: In) => readonly Out[],
  emit: (event: Out) => void,
): () => void {
  const queue: Out[] = [];
  let timer: ReturnType<typeof setImmediate> | null = null;
  const sendNext = () => {
    timer = null;
    const next = queue.shift();
    if (next === undefined) return;
    emit(next);
    if (queue.length > 0) timer = setImmediate(sendNext);
  };
  const unsubscribe = subscribe((event) => {
    const encoded = encode(event);
    if (encoded.length === 0) return;
    const wasIdle = queue.length === 0 && timer === null;
    queue.push(...encoded);
    if (wasIdle) sendNext();
  });
  return () => {
    if (timer !== null) clearImmediate(timer);
    queue.length = 0;
    unsubscribe();
  };
}
