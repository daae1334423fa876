import { ConsoleClient } from '../../../shared/ipc/client';
import { FramedClient } from '../../../shared/ipc/framedClient';
import type { ClientMessage } from '../../../shared/ipc/protocol';
import type { Result } from '../../../shared/ipc/result';

/**
 * A ConsoleClient over the real framed protocol whose main side a test plays by hand:
 * it sees what the page sent and answers with events, stream ends and results. For the
 * renderer's unit tests, which cannot start main (the renderer may not import it).
 */
export class ScriptedConsole {
  readonly sent: ClientMessage[] = [];
  readonly client: ConsoleClient;
  private readonly framed = new FramedClient();
  private readonly answeredIds = new Set<number>();
  private readonly endedIds = new Set<number>();

  constructor() {
    this.framed.connectionOpened((message) => this.sent.push(message));
    this.client = new ConsoleClient(this.framed.transport);
  }

  /** Subscriptions the page holds open, newest last. */
  openStreams(channel: string): number[] {
    const open = new Map<number, string>();
    for (const message of this.sent) {
      if (message.type === 'subscribe') open.set(message.id, message.channel);
      if (message.type === 'unsubscribe') open.delete(message.id);
    }
    for (const id of this.endedIds) open.delete(id);
    return [...open].filter(([, name]) => name === channel).map(([id]) => id);
  }

  emit(streamId: number, event: unknown): void {
    // A JSON round trip, as on the wire: nothing passes by reference.
    this.framed.receive({ type: 'event', id: streamId, event: JSON.parse(JSON.stringify(event)) as unknown });
  }

  end(streamId: number, error?: { code: 'UNAVAILABLE' | 'INTERNAL'; message: string }): void {
    this.endedIds.add(streamId);
    this.framed.receive(
      error ? { type: 'stream-end', id: streamId, error } : { type: 'stream-end', id: streamId },
    );
  }

  /** Answers the oldest unanswered request on `channel`, returning its payload. */
  answer(channel: string, result: Result<unknown>): unknown {
    const request = this.sent.find(
      (message) =>
        message.type === 'invoke' && message.channel === channel && !this.answeredIds.has(message.id),
    );
    if (!request || request.type !== 'invoke') throw new Error(`No request on ${channel} to answer.`);
    this.answeredIds.add(request.id);
    this.framed.receive({ type: 'result', id: request.id, result });
    return request.payload;
  }
}
