import { describe, expect, it } from 'vitest';
import { kafkaTail, kafkaTailSetPaused } from '../../../shared/ipc/kafka';
import type { TailMessage } from '../../../shared/kafka/kafkaModel';
import { ScriptedConsole } from '../testing/scriptedConsole';
import { TopicTail } from './topicTailFeed';

function message(offset: number): TailMessage {
  return {
    partition: offset % 3,
    offset,
    timestamp: 1_700_000_000_000 + offset,
    key: { encoding: 'text', text: `order-${offset}`, truncated: false },
    value: { encoding: 'json', text: `{\n  "offset": ${offset}\n}`, truncated: false },
    size: 20,
    headers: [],
  };
}

/** A tail whose frame flushes a test runs by hand. */
function setUp(limit = 2_000) {
  const main = new ScriptedConsole();
  const frames: (() => void)[] = [];
  const tail = new TopicTail(main.client, { limit, schedule: (flush) => frames.push(flush) });
  let notified = 0;
  tail.subscribe(() => (notified += 1));
  const runFrames = () => frames.splice(0).forEach((flush) => flush());
  return { main, tail, runFrames, notifications: () => notified };
}

describe('topic tail', () => {
  it('subscribes with the chosen topic and takes every batch in, telling listeners once per frame', () => {
    const { main, tail, runFrames, notifications } = setUp();
    tail.start({ kafkaCluster: 'kafka-production', topic: 'payment-events', fromBeginning: true });
    const subscribe = main.sent.find((sent) => sent.type === 'subscribe');
    expect(subscribe).toMatchObject({
      channel: kafkaTail.name,
      params: { kafkaCluster: 'kafka-production', topic: 'payment-events', fromBeginning: true },
    });
    const [id] = main.openStreams(kafkaTail.name);
    if (id === undefined) throw new Error('the tail did not subscribe');
    const afterStart = notifications();

    main.emit(id, {
      type: 'status',
      tailId: 'tail-1',
      groupId: 'flarenet-tail-1',
      state: 'running',
      error: null,
    });
    for (let batch = 0; batch < 5; batch++) {
      main.emit(id, {
        type: 'messages',
        messages: [message(batch * 2), message(batch * 2 + 1)],
        messagesPerSecond: 240,
        received: (batch + 1) * 2,
        dropped: 0,
      });
    }
    expect(notifications()).toBe(afterStart);
    runFrames();
    expect(notifications()).toBe(afterStart + 1);

    const view = tail.getView();
    expect(view.phase).toBe('running');
    expect(view.tailId).toBe('tail-1');
    expect(view.buffer.messages.map((entry) => entry.message.offset)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(view.received).toBe(10);
    expect(view.messagesPerSecond).toBe(240);
  });

  it('keeps only the newest messages within its limit', () => {
    const { main, tail, runFrames } = setUp(4);
    tail.start({ kafkaCluster: 'k', topic: 't', fromBeginning: false });
    const id = main.openStreams(kafkaTail.name)[0] ?? -1;
    main.emit(id, {
      type: 'messages',
      messages: [0, 1, 2].map(message),
      messagesPerSecond: 1,
      received: 3,
      dropped: 0,
    });
    main.emit(id, {
      type: 'messages',
      messages: [3, 4, 5].map(message),
      messagesPerSecond: 1,
      received: 6,
      dropped: 2,
    });
    runFrames();
    const view = tail.getView();
    expect(view.buffer.messages.map((entry) => entry.message.offset)).toEqual([2, 3, 4, 5]);
    expect(view.buffer.evicted).toBe(2);
    expect(view.dropped).toBe(2);
  });

  it('pauses and resumes through main with the tail id main gave', async () => {
    const { main, tail } = setUp();
    tail.start({ kafkaCluster: 'k', topic: 't', fromBeginning: false });
    const id = main.openStreams(kafkaTail.name)[0] ?? -1;
    main.emit(id, { type: 'status', tailId: 'tail-9', groupId: 'g', state: 'running', error: null });

    const pausing = tail.setPaused(true);
    expect(tail.getView().pausePending).toBe(true);
    await Promise.resolve();
    expect(main.answer(kafkaTailSetPaused.name, { ok: true, value: { paused: true } })).toEqual({
      tailId: 'tail-9',
      paused: true,
    });
    await pausing;
    expect(tail.getView().phase).toBe('paused');
    expect(tail.getView().pausePending).toBe(false);

    const failing = tail.setPaused(false);
    await Promise.resolve();
    main.answer(kafkaTailSetPaused.name, {
      ok: false,
      error: { code: 'NOT_FOUND', message: 'no such tail' },
    });
    await failing;
    expect(tail.getView().phase).toBe('paused');
    expect(tail.getView().error?.code).toBe('NOT_FOUND');
  });

  it('stops on request, keeping what arrived, and starts over empty on a new start', () => {
    const { main, tail, runFrames } = setUp();
    tail.start({ kafkaCluster: 'k', topic: 't', fromBeginning: false });
    const id = main.openStreams(kafkaTail.name)[0] ?? -1;
    main.emit(id, {
      type: 'messages',
      messages: [message(1)],
      messagesPerSecond: 1,
      received: 1,
      dropped: 0,
    });
    runFrames();
    tail.stop();
    expect(main.openStreams(kafkaTail.name)).toHaveLength(0);
    expect(tail.getView().phase).toBe('stopped');
    expect(tail.getView().buffer.messages).toHaveLength(1);

    tail.start({ kafkaCluster: 'k', topic: 'other', fromBeginning: false });
    expect(tail.getView().phase).toBe('starting');
    expect(tail.getView().buffer.messages).toHaveLength(0);
    expect(main.openStreams(kafkaTail.name)).toHaveLength(1);
  });

  it('shows why the stream ended when main ends it', () => {
    const { main, tail } = setUp();
    tail.start({ kafkaCluster: 'k', topic: 't', fromBeginning: false });
    main.end(main.openStreams(kafkaTail.name)[0] ?? -1, { code: 'UNAVAILABLE', message: 'broker gone' });
    expect(tail.getView().phase).toBe('stopped');
    expect(tail.getView().error?.message).toBe('broker gone');
  });
});
