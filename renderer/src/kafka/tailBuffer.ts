import type { TailMessage } from '../../../shared/kafka/model';

/** The tail panel keeps this many messages; older ones leave as new ones arrive. */
export const tailBufferLimit = 2_000;

export interface BufferedMessage {
  /** Arrival number in this tail, unique and increasing: the list's row key. */
  seq: number;
  message: TailMessage;
}

export interface TailBuffer {
  /** Oldest first. */
  messages: readonly BufferedMessage[];
  /** The seq the next message gets; also how many messages arrived in total. */
  nextSeq: number;
  /** How many messages were pushed out to stay within the limit. */
  evicted: number;
}

export const emptyTailBuffer: TailBuffer = { messages: [], nextSeq: 0, evicted: 0 };

/**
 * Appends a batch, dropping the oldest messages beyond `limit`. A batch costs one new array;
 * the entries already held keep their identity, so their rows do not re-render.
 */
export function appendToTailBuffer(
  buffer: TailBuffer,
  batch: readonly TailMessage[],
  limit: number = tailBufferLimit,
): TailBuffer {
  if (batch.length === 0) return buffer;
  const kept = Math.min(batch.length, limit);
  const skipped = batch.length - kept;
  const incoming: BufferedMessage[] = [];
  for (let i = skipped; i < batch.length; i++) {
    incoming.push({ seq: buffer.nextSeq + i, message: batch[i] as TailMessage });
  }
  const fromOld = Math.max(0, Math.min(buffer.messages.length, limit - kept));
  const dropped = buffer.messages.length - fromOld;
  return {
    messages: fromOld === 0 ? incoming : [...buffer.messages.slice(-fromOld), ...incoming],
    nextSeq: buffer.nextSeq + batch.length,
    evicted: buffer.evicted + dropped + skipped,
  };
}
