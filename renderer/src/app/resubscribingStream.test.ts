import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fleetUpdates } from '../../../shared/ipc/fleet';
import { openResubscribingStream } from './resubscribingStream';
import { ScriptedConsole } from '../testing/scriptedConsole';

const delays = { firstRetryDelayMs: 1_000, longestRetryDelayMs: 4_000 };

describe('resubscribing stream', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('opens the stream again after a delay that doubles while it keeps failing, up to a ceiling', () => {
    const main = new ScriptedConsole();
    const ends: number[] = [];
    openResubscribingStream(
      main.client,
      fleetUpdates,
      {},
      { onEvent: () => undefined, onEnd: (_error, retryInMs) => ends.push(retryInMs) },
      delays,
    );
    for (let failure = 0; failure < 4; failure++) {
      const [id] = main.openStreams(fleetUpdates.name);
      if (id === undefined) throw new Error('the stream is not open');
      main.end(id, { code: 'UNAVAILABLE', message: 'ECS is down' });
      expect(main.openStreams(fleetUpdates.name)).toHaveLength(0);
      vi.advanceTimersByTime(ends.at(-1) ?? 0);
      expect(main.openStreams(fleetUpdates.name)).toHaveLength(1);
    }
    expect(ends).toEqual([1_000, 2_000, 4_000, 4_000]);
  });

  it('starts the delays over once an event gets through, and passes the reason on', () => {
    const main = new ScriptedConsole();
    const ends: { message: string; retryInMs: number }[] = [];
    const events: unknown[] = [];
    openResubscribingStream(
      main.client,
      fleetUpdates,
      {},
      {
        onEvent: (event) => events.push(event),
        onEnd: (error, retryInMs) => ends.push({ message: error.message, retryInMs }),
      },
      delays,
    );
    const first = main.openStreams(fleetUpdates.name)[0] ?? -1;
    main.end(first, { code: 'INTERNAL', message: 'boom' });
    vi.advanceTimersByTime(1_000);
    const second = main.openStreams(fleetUpdates.name)[0] ?? -1;
    main.emit(second, { type: 'snapshot', snapshot: { clusters: [], services: [], generatedAt: 1 } });
    main.end(second);

    expect(events).toHaveLength(1);
    expect(ends).toEqual([
      { message: 'boom', retryInMs: 1_000 },
      { message: 'The stream fleet.updates ended.', retryInMs: 1_000 },
    ]);
  });

  it('stops for good when the caller stops it, even while waiting to retry', () => {
    const main = new ScriptedConsole();
    const stop = openResubscribingStream(
      main.client,
      fleetUpdates,
      {},
      { onEvent: () => undefined, onEnd: () => undefined },
      delays,
    );
    main.end(main.openStreams(fleetUpdates.name)[0] ?? -1, { code: 'UNAVAILABLE', message: 'down' });
    stop();
    vi.advanceTimersByTime(60_000);
    expect(main.openStreams(fleetUpdates.name)).toHaveLength(0);

    const stopOpen = openResubscribingStream(
      main.client,
      fleetUpdates,
      {},
      { onEvent: () => undefined, onEnd: () => undefined },
      delays,
    );
    expect(main.openStreams(fleetUpdates.name)).toHaveLength(1);
    stopOpen();
    expect(main.openStreams(fleetUpdates.name)).toHaveLength(0);
  });
});
