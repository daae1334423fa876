/**
 * One subscriber's view of a live collection (the fleet, consumer lag): the monitor's
 * events go through an encoder of this subscriber's own, which turns each in-process delta
 * into a patch against what this subscriber already holds and drops what leaves nothing to send.
 */
export function subscribeEncoded<In, Out>(
  subscribe: (listener: (event: In) => void) => () => void,
  encode: (event: In) => Out | null,
  emit: (event: Out) => void,
): () => void {
  return subscribe((event) => {
    const encoded = encode(event);
    if (encoded !== null) emit(encoded);
  });
}
