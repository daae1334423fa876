import { describe, expect, it } from 'vitest';
import { subscribeEncoded } from './liveCollectionStream';

function source() {
  let listener: ((event: number) => void) | null = null;
  return {
    subscribe: (next: (event: number) => void) => {
      listener = next;
      return () => {
        listener = null;
      };
    },
    publish: (event: number) => listener?.(event),
    subscribed: () => listener !== null,
  };
}

/** Encodes n as n events (a snapshot in n pages), 0 as nothing. */
const pages = (event: number) => Array.from({ length: event }, (_, i) => `${event}.${i}`);

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('subscribeEncoded', () => {
  it('sends the first page at once and the rest one per turn, with later events behind them in order', async () => {
    const monitor = source();
    const sent: string[] = [];
    subscribeEncoded(monitor.subscribe, pages, (event) => sent.push(event));
    monitor.publish(3);
    expect(sent).toEqual(['3.0']);
    monitor.publish(1);
    monitor.publish(0);
    for (let turn = 0; turn < 5; turn++) await nextTurn();
    expect(sent).toEqual(['3.0', '3.1', '3.2', '1.0']);
    monitor.publish(1);
    expect(sent).toEqual(['3.0', '3.1', '3.2', '1.0', '1.0']);
  });

  it('stops sending and unsubscribes when the subscriber leaves', async () => {
    const monitor = source();
    const sent: string[] = [];
    const leave = subscribeEncoded(monitor.subscribe, pages, (event) => sent.push(event));
    monitor.publish(3);
    leave();
    for (let turn = 0; turn < 5; turn++) await nextTurn();
    expect(sent).toEqual(['3.0']);
    expect(monitor.subscribed()).toBe(false);
  });
});
