import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleClient } from '../../../shared/ipc/client';
import type { ServerMessage } from '../../../shared/ipc/protocol';
import { readOnlyPolicy } from '../app/readOnlyPolicy';
import { ConsoleError } from './consoleError';
import { createMemoryTransport } from '../../testing/memoryTransport';
import { ExpectedErrorLog, IpcRouter } from './router';
import { deployChannel, echoChannel, liarChannel, slowChannel, tickStream } from '../../testing/testChannels';

interface Harness {
  router: IpcRouter;
  client: ConsoleClient;
  memory: ReturnType<typeof createMemoryTransport>;
  deploys: string[];
  openStreams: () => number;
  handlerErrors: unknown[];
  slowSignals: AbortSignal[];
}

let harness: Harness | undefined;

function setUp(readOnlyReason: string | null = null): Harness {
  const deploys: string[] = [];
  const handlerErrors: unknown[] = [];
  const slowSignals: AbortSignal[] = [];
  let streamsOpen = 0;
  const router = new IpcRouter({
    actionPolicy: readOnlyPolicy(readOnlyReason),
    onHandlerError: (_channel, error) => handlerErrors.push(error),
  });
  router.register(echoChannel, ({ text, times }) => {
    if (text === 'boom') throw new Error('kaput');
    if (text === 'missing') throw new ConsoleError('NOT_FOUND', 'No such thing.');
    return { echoed: text.repeat(times) };
  });
  router.register(slowChannel, ({ ms }, { signal }) => {
    slowSignals.push(signal);
    return new Promise((resolve) => setTimeout(() => resolve({ done: true as const }), ms));
  });
  // Answers with something its own response schema forbids, as a buggy handler would.
  router.register(liarChannel, () => ({ count: 'many' }) as unknown as { count: number });
  router.register(deployChannel, ({ service }) => {
    deploys.push(service);
    return { started: true };
  });
  router.registerStream(tickStream, ({ every }, emit) => {
    streamsOpen++;
    let tick = 0;
    const timer = setInterval(() => emit({ tick: tick++ }), every);
    return () => {
      streamsOpen--;
      clearInterval(timer);
    };
  });
  const memory = createMemoryTransport(router);
  harness = {
    router,
    client: new ConsoleClient(memory.transport),
    memory,
    deploys,
    openStreams: () => streamsOpen,
    handlerErrors,
    slowSignals,
  };
  return harness;
}

afterEach(() => {
  harness?.memory.close();
  harness = undefined;
});

function nextEvents<T>(subscribe: (onEvent: (event: T) => void) => () => void, count: number): Promise<T[]> {
  return new Promise((resolve) => {
    const events: T[] = [];
    const unsubscribe = subscribe((event) => {
      events.push(event);
      if (events.length === count) {
        unsubscribe();
        resolve(events);
      }
    });
  });
}

describe('requests over the in-memory transport', () => {
  it('parses the request and returns the typed response', async () => {
    const { client } = setUp();
    const result = await client.invoke(echoChannel, { text: 'ab', times: 3 });
    expect(result).toEqual({ ok: true, value: { echoed: 'ababab' } });
  });

  it('rejects a malformed payload with a validation error naming the field, and keeps serving', async () => {
    const { client, memory } = setUp();
    const bad = await memory.transport.invoke(echoChannel.name, { text: 42, times: 9, extra: true });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.code).toBe('VALIDATION');
    expect(bad.error.details?.join('\n')).toMatch(/text/);
    expect(bad.error.details?.join('\n')).toMatch(/times/);
    expect(await client.invoke(echoChannel, { text: 'ok', times: 1 })).toEqual({
      ok: true,
      value: { echoed: 'ok' },
    });
  });

  it('refuses an unknown channel', async () => {
    const { memory } = setUp();
    const result = await memory.transport.invoke('test.nothing', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('returns thrown errors as values: deliberate ones keep their code, others become INTERNAL', async () => {
    const { client, handlerErrors } = setUp();
    expect(await client.invoke(echoChannel, { text: 'missing', times: 1 })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No such thing.' },
    });
    const crashed = await client.invoke(echoChannel, { text: 'boom', times: 1 });
    expect(crashed).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'kaput' } });
    expect(handlerErrors).toHaveLength(1);
  });

  it('reports a response that breaks the contract as BAD_RESPONSE on the client', async () => {
    const { client } = setUp();
    const result = await client.invoke(liarChannel, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_RESPONSE' } });
  });

  it('cancels a request: the caller gets CANCELLED and the handler sees its signal aborted', async () => {
    const { client, slowSignals } = setUp();
    const abort = new AbortController();
    const pending = client.invoke(slowChannel, { ms: 2000 }, { signal: abort.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    abort.abort();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(slowSignals[0]?.aborted).toBe(true);
  });
});

describe('actions and the read-only policy', () => {
  it('runs actions when the console is not read-only', async () => {
    const { client, deploys } = setUp(null);
    expect(await client.invoke(deployChannel, { service: 'payment-service' })).toEqual({
      ok: true,
      value: { started: true },
    });
    expect(deploys).toEqual(['payment-service']);
  });

  it('refuses actions in main when read-only, before the handler runs', async () => {
    const { client, deploys } = setUp('this console host was started read-only');
    const result = await client.invoke(deployChannel, { service: 'payment-service' });
    expect(result).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });
    if (!result.ok) expect(result.error.message).toMatch(/read-only/);
    expect(deploys).toEqual([]);
    // Reads are still served.
    expect((await client.invoke(echoChannel, { text: 'x', times: 1 })).ok).toBe(true);
  });
});

describe('streams', () => {
  it('delivers events until unsubscribed, then runs the cleanup in main', async () => {
    const { client, openStreams } = setUp();
    const events = await nextEvents<{ tick: number }>(
      (onEvent) => client.subscribe(tickStream, { every: 5 }, onEvent),
      3,
    );
    expect(events.map((event) => event.tick)).toEqual([0, 1, 2]);
    expect(openStreams()).toBe(0);
  });

  it('ends every stream of a session when the session closes', () => {
    const { client, memory, openStreams } = setUp();
    client.subscribe(tickStream, { every: 50 }, () => undefined);
    client.subscribe(tickStream, { every: 50 }, () => undefined);
    expect(openStreams()).toBe(2);
    expect(memory.session.openStreamCount).toBe(2);
    memory.session.close();
    expect(openStreams()).toBe(0);
  });

  it('refuses a subscription with bad parameters with a validation error', async () => {
    const { memory } = setUp();
    const ended = await new Promise<unknown>((resolve) => {
      memory.transport.subscribe(tickStream.name, { every: 0 }, { onEvent: () => undefined, onEnd: resolve });
    });
    expect(ended).toMatchObject({ code: 'VALIDATION' });
  });
});

describe('malformed protocol messages', () => {
  it('answers garbage with an error and keeps the session serving', async () => {
    const router = new IpcRouter();
    router.register(echoChannel, ({ text }) => ({ echoed: text }));
    const sent: ServerMessage[] = [];
    const session = router.openSession((message) => sent.push(message));
    session.receive('not an object');
    session.receive({ type: 'invoke', id: 7 });
    session.receive({ type: 'launch-missiles', id: 8 });
    session.receive({
      type: 'invoke',
      id: 9,
      channel: echoChannel.name,
      payload: { text: 'still here', times: 1 },
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sent[0]).toMatchObject({ type: 'protocol-error', error: { code: 'VALIDATION' } });
    expect(sent[1]).toMatchObject({
      type: 'result',
      id: 7,
      result: { ok: false, error: { code: 'VALIDATION' } },
    });
    expect(sent[2]).toMatchObject({ type: 'result', id: 8, result: { ok: false } });
    expect(sent[3]).toEqual({ type: 'result', id: 9, result: { ok: true, value: { echoed: 'still here' } } });
  });

  it('ends a malformed subscription as a stream, so the subscriber hears why', () => {
    const sent: ServerMessage[] = [];
    const session = new IpcRouter().openSession((message) => sent.push(message));
    session.receive({ type: 'subscribe', id: 4, channel: 42 });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ type: 'stream-end', id: 4, error: { code: 'VALIDATION' } });
  });

  it('logs expected failures as one line each without a stack, and unexpected ones with it', async () => {
    const lines: string[] = [];
    const handlerErrors: unknown[] = [];
    const router = new IpcRouter({
      log: (line) => lines.push(line),
      onHandlerError: (_channel, error) => handlerErrors.push(error),
    });
    router.register(echoChannel, ({ text }) => {
      if (text === 'missing') throw new ConsoleError('NOT_FOUND', 'No such thing.');
      if (text === 'boom') throw new Error('kaput');
      return { echoed: text };
    });
    const sent: ServerMessage[] = [];
    const session = router.openSession((message) => sent.push(message));
    session.receive({
      type: 'invoke',
      id: 1,
      channel: echoChannel.name,
      payload: { text: 'missing', times: 1 },
    });
    session.receive({
      type: 'invoke',
      id: 2,
      channel: echoChannel.name,
      payload: { text: 'boom', times: 1 },
    });
    session.receive({ type: 'launch-missiles', id: 3 });
    session.receive({ type: 'subscribe', id: 4, channel: 'no.such.stream', params: {} });
    await new Promise((resolve) => setTimeout(resolve, 10));
    // Requests answer asynchronously, so their lines come after the synchronous refusals.
    expect(lines).toEqual([
      expect.stringMatching(/^launch-missiles: VALIDATION Malformed console message\.: type: /),
      'no.such.stream: UNKNOWN_CHANNEL No stream channel named "no.such.stream".',
      `${echoChannel.name}: NOT_FOUND No such thing.`,
    ]);
    expect(lines.join('\n')).not.toMatch(/\n\s+at /);
    expect(handlerErrors).toEqual([expect.objectContaining({ message: 'kaput' })]);
  });

  it('logs at most ten expected failures a minute for one connection and counts the rest', () => {
    const lines: string[] = [];
    let now = 0;
    const log = new ExpectedErrorLog(
      (line) => lines.push(line),
      () => now,
    );
    for (let index = 0; index < 25; index++) log.note(`failure ${index}`);
    expect(lines).toEqual(Array.from({ length: 10 }, (_, index) => `failure ${index}`));
    now = 60_000;
    log.note('a minute later');
    expect(lines.slice(10)).toEqual([
      '…and 15 more failures like these from this connection, not logged one by one',
      'a minute later',
    ]);
  });

  it('says how many it held back when the minute ends, though no other failure comes', () => {
    const lines: string[] = [];
    let now = 0;
    const due: { run: () => void; at: number }[] = [];
    const log = new ExpectedErrorLog(
      (line) => lines.push(line),
      () => now,
      2,
      (run, ms) => {
        const entry = { run, at: now + ms };
        due.push(entry);
        return () => due.splice(due.indexOf(entry), 1);
      },
    );
    log.note('first');
    now = 20_000;
    for (let index = 0; index < 4; index++) log.note(`failure ${index}`);
    expect(lines).toEqual(['first', 'failure 0']);
    expect(due.map((entry) => entry.at)).toEqual([60_000]);
    now = 60_000;
    due.shift()?.run();
    expect(lines.slice(2)).toEqual([
      '…and 3 more failures like these from this connection, not logged one by one',
    ]);
    log.flush();
    expect(lines).toHaveLength(3);
  });
});
