import type { ConnectionState, ConsoleTransport, StreamHandlers } from './client';
import type { ClientMessage, ServerMessage } from './protocol';
import { fail, type Result } from './result';

interface ActiveStream {
  channel: string;
  params: unknown;
  handlers: StreamHandlers;
}

/**
 * The client half of the console protocol over any message pipe (a WebSocket, an
 * in-memory pair). The pipe calls `receive` with each server message, and reports
 * `connectionLost` / `connectionRestored`; open streams are re-subscribed on restore,
 * so a wall screen survives a restarted host without a reload.
 */
export class FramedClient {
  private nextId = 1;
  private readonly pending = new Map<number, (result: Result<unknown>) => void>();
  private readonly streams = new Map<number, ActiveStream>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private state: ConnectionState = 'connecting';
  private send: ((message: ClientMessage) => void) | undefined;

  readonly transport: ConsoleTransport = {
    invoke: (channel, payload, signal) => this.invoke(channel, payload, signal),
    subscribe: (channel, params, handlers) => this.subscribe(channel, params, handlers),
    onConnectionState: (listener) => {
      this.stateListeners.add(listener);
      listener(this.state);
      return () => this.stateListeners.delete(listener);
    },
  };

  /** Called by the pipe when it can carry messages. */
  connectionOpened(send: (message: ClientMessage) => void): void {
    this.send = send;
    this.setState('open');
    for (const [id, stream] of this.streams) {
      send({ type: 'subscribe', id, channel: stream.channel, params: stream.params });
    }
  }

  /** Called by the pipe when it dropped; pending requests fail, streams wait for the restore. */
  connectionLost(reason: string, willRetry: boolean): void {
    this.endConnection(reason, willRetry ? 'reconnecting' : 'closed');
  }

  /** Called by the pipe when the other end refuses this client for good: streams end, nothing retries. */
  connectionRefused(reason: string): void {
    this.endConnection(reason, 'refused');
  }

  private endConnection(reason: string, next: 'reconnecting' | 'closed' | 'refused'): void {
    this.send = undefined;
    for (const resolve of this.pending.values()) {
      resolve(fail('UNAVAILABLE', `Connection to the console lost: ${reason}`));
    }
    this.pending.clear();
    if (next !== 'reconnecting') {
      for (const stream of this.streams.values()) {
        stream.handlers.onEnd?.({
          code: 'UNAVAILABLE',
          message: `Connection to the console closed: ${reason}`,
        });
      }
      this.streams.clear();
    }
    this.setState(next);
  }

  receive(message: ServerMessage): void {
    switch (message.type) {
      case 'result': {
        const resolve = this.pending.get(message.id);
        this.pending.delete(message.id);
        resolve?.(message.result);
        return;
      }
      case 'event':
        this.streams.get(message.id)?.handlers.onEvent(message.event);
        return;
      case 'stream-end': {
        const stream = this.streams.get(message.id);
        this.streams.delete(message.id);
        stream?.handlers.onEnd?.(message.error);
        return;
      }
      case 'protocol-error':
        // Not tied to a request: nothing to resolve. The server keeps serving.
        return;
    }
  }

  private invoke(channel: string, payload: unknown, signal?: AbortSignal): Promise<Result<unknown>> {
    if (signal?.aborted) return Promise.resolve(fail('CANCELLED', 'The request was cancelled.'));
    const send = this.send;
    if (!send) return Promise.resolve(fail('UNAVAILABLE', 'Not connected to the console.'));
    const id = this.nextId++;
    return new Promise((resolve) => {
      const onAbort = () => {
        if (!this.pending.has(id)) return;
        this.pending.delete(id);
        this.send?.({ type: 'cancel', id });
        resolve(fail('CANCELLED', 'The request was cancelled.'));
      };
      this.pending.set(id, (result) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(result);
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      send({ type: 'invoke', id, channel, payload });
    });
  }

  private subscribe(channel: string, params: unknown, handlers: StreamHandlers): () => void {
    const id = this.nextId++;
    this.streams.set(id, { channel, params, handlers });
    this.send?.({ type: 'subscribe', id, channel, params });
    return () => {
      if (!this.streams.delete(id)) return;
      this.send?.({ type: 'unsubscribe', id });
    };
  }

  private setState(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }
}
