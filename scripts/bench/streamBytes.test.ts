import { describe, expect, it } from 'vitest';
import { tallyByChannel } from './streamBytes';

describe('tallying WebSocket messages by stream', () => {
  it('counts what arrived in the window only, by channel, on the wire and as text, with the largest message', () => {
    const received = [
      { channel: 'fleet.updates', bytes: 2_000_000, textBytes: 13_000_000, at: 10 },
      { channel: 'fleet.updates', bytes: 40, textBytes: 40, at: 100 },
      { channel: 'kafka.lagUpdates', bytes: 300, textBytes: 900, at: 150 },
      { channel: 'fleet.updates', bytes: 250, textBytes: 700, at: 180 },
      { channel: 'results', bytes: 20, textBytes: 20, at: 250 },
    ];
    expect(Object.fromEntries(tallyByChannel(received, 100, 250))).toEqual({
      'fleet.updates': { messages: 2, bytes: 290, textBytes: 740, largest: 250 },
      'kafka.lagUpdates': { messages: 1, bytes: 300, textBytes: 900, largest: 300 },
    });
  });
});
