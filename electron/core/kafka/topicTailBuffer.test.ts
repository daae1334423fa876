import { describe, expect, it } from 'vitest';
import type { TailMessage } from '../../../shared/kafka/kafkaModel';
import { TailBuffer } from './topicTailBuffer';

function message(offset: number): TailMessage {
  return {
    partition: 0,
    offset,
    timestamp: 0,
    key: null,
    value: { encoding: 'text', text: String(offset), truncated: false },
    size: 1,
    headers: [],
  };
}

describe('TailBuffer', () => {
  it('hands over what arrived since the last batch, with the running count', () => {
    let now = 0;
    const buffer = new TailBuffer(10, () => now);
    expect(buffer.take()).toBeNull();
    buffer.add(message(1));
    buffer.add(message(2));
    expect(buffer.take()).toMatchObject({ type: 'messages', received: 2, dropped: 0 });
    now += 200;
    expect(buffer.take()).toBeNull();
    buffer.add(message(3));
    expect(buffer.take()?.messages.map((m) => m.offset)).toEqual([3]);
  });

  it('keeps at most its limit, dropping the oldest and counting them', () => {
    const buffer = new TailBuffer(3, () => 0);
    for (let offset = 0; offset < 10; offset++) buffer.add(message(offset));
    const batch = buffer.take();
    expect(batch?.messages.map((m) => m.offset)).toEqual([7, 8, 9]);
    expect(batch).toMatchObject({ received: 10, dropped: 7 });
    buffer.add(message(10));
    expect(buffer.take()).toMatchObject({ received: 11, dropped: 7 });
  });

  it('measures messages per second over the last five seconds, and says once when they stop', () => {
    let now = 0;
    const buffer = new TailBuffer(1000, () => now);
    for (let second = 0; second < 5; second++) {
      for (let i = 0; i < 20; i++) {
        buffer.add(message(second * 20 + i));
        now += 50;
      }
    }
    expect(buffer.take()?.messagesPerSecond).toBe(20);
    now += 6000;
    expect(buffer.take()).toMatchObject({ messages: [], messagesPerSecond: 0 });
    expect(buffer.take()).toBeNull();
  });
});
