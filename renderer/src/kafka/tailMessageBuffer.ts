import type { TailMessage } from '../../../shared/kafka/kafkaModel';
import { appendBounded } from '../app/boundedList';

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

/** Appends a batch, dropping the oldest messages beyond `limit` (see appendBounded). */
export function appendToTailBuffer(
  buffer: TailBuffer,
  batch: readonly TailMessage[],
  limit: number = tailBufferLimit,
): TailBuffer {
  if (batch.length === 0) return buffer;
  const next = appendBounded(
    { entries: buffer.messages, nextSeq: buffer.nextSeq, evicted: buffer.evicted },
    batch,
    (message, seq): BufferedMessage => ({ seq, message }),
    limit,
  );
  return { messages: next.entries, nextSeq: next.nextSeq, evicted: next.evicted };
}
