import { describe, expect, it } from 'vitest';
import type { TailMessage } from '../../../shared/kafka/kafkaModel';
import { appendToTailBuffer, emptyTailBuffer } from './tailMessageBuffer';

function messages(from: number, count: number): TailMessage[] {
  return Array.from({ length: count }, (_, index) => ({
    partition: 0,
    offset: from + index,
    timestamp: 1_700_000_000_000 + from + index,
    key: null,
    value: { encoding: 'text' as const, text: `m${from + index}`, truncated: false },
    size: 3,
    headers: [],
  }));
}

describe('tail buffer', () => {
  it('keeps messages in arrival order with increasing sequence numbers', () => {
    const buffer = appendToTailBuffer(
      appendToTailBuffer(emptyTailBuffer, messages(0, 3), 10),
      messages(3, 2),
      10,
    );
    expect(buffer.messages.map((entry) => entry.message.offset)).toEqual([0, 1, 2, 3, 4]);
    expect(buffer.messages.map((entry) => entry.seq)).toEqual([0, 1, 2, 3, 4]);
    expect(buffer.nextSeq).toBe(5);
    expect(buffer.evicted).toBe(0);
  });

  it('never holds more than its limit, dropping the oldest and counting them', () => {
    let buffer = emptyTailBuffer;
    for (let batch = 0; batch < 7; batch++) buffer = appendToTailBuffer(buffer, messages(batch * 4, 4), 10);
    expect(buffer.messages).toHaveLength(10);
    expect(buffer.messages[0]?.message.offset).toBe(18);
    expect(buffer.messages.at(-1)?.message.offset).toBe(27);
    expect(buffer.evicted).toBe(18);
    expect(buffer.nextSeq).toBe(28);
  });

  it('takes only the newest of a batch larger than the whole buffer', () => {
    const before = appendToTailBuffer(emptyTailBuffer, messages(0, 3), 5);
    const buffer = appendToTailBuffer(before, messages(3, 8), 5);
    expect(buffer.messages.map((entry) => entry.message.offset)).toEqual([6, 7, 8, 9, 10]);
    expect(buffer.messages.map((entry) => entry.seq)).toEqual([6, 7, 8, 9, 10]);
    expect(buffer.evicted).toBe(6);
  });

  it('keeps the entries it already held, so their rows need not re-render', () => {
    const before = appendToTailBuffer(emptyTailBuffer, messages(0, 4), 10);
    const after = appendToTailBuffer(before, messages(4, 2), 10);
    expect(after.messages[0]).toBe(before.messages[0]);
    expect(after.messages[3]).toBe(before.messages[3]);
    expect(appendToTailBuffer(after, [], 10)).toBe(after);
  });
});
