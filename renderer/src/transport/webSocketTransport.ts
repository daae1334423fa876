import type { ConsoleTransport } from '../../../shared/ipc/client';
import { FramedClient } from '../../../shared/ipc/framedClient';
import { serverMessageSchema } from '../../../shared/ipc/protocol';

export interface WebSocketTransportOptions {
  /** ws://host:port/ws?token=… */
  url: string;
  /** Delay before the n-th reconnect attempt; grows to a ceiling so a wall screen keeps trying. */
  reconnectDelayMs?: (attempt: number) => number;
}

const defaultReconnectDelay = (attempt: number) => Math.min(500 * 2 ** attempt, 10_000);

/** The console protocol over a WebSocket to the console host, reconnecting for as long as the page lives. */
export function createWebSocketTransport(options: WebSocketTransportOptions): ConsoleTransport {
  const client = new FramedClient();
  const delay = options.reconnectDelayMs ?? defaultReconnectDelay;
  let attempt = 0;

  const connect = () => {
    const socket = new WebSocket(options.url);
    let opened = false;
    socket.addEventListener('open', () => {
      opened = true;
      attempt = 0;
      client.connectionOpened((message) => {
        if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
      });
    });
    socket.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (typeof event.data !== 'string') return;
      let raw: unknown;
      try {
        raw = JSON.parse(event.data);
      } catch {
        return;
      }
      const parsed = serverMessageSchema.safeParse(raw);
      if (parsed.success) client.receive(parsed.data);
    });
    socket.addEventListener('close', (event) => {
      const reason = opened
        ? `the console host closed the connection (${event.code})`
        : 'the console host cannot be reached';
      client.connectionLost(reason, true);
      setTimeout(connect, delay(attempt++));
    });
  };
  connect();
  return client.transport;
}

/** Where the console host's WebSocket is, from this page's own address and its launch token. */
export function consoleHostSocketUrl(location: Location, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws?token=${encodeURIComponent(token)}`;
}
