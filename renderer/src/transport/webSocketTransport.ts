import type { ConsoleTransport } from '../../../shared/ipc/client';
import { FramedClient } from '../../../shared/ipc/framedClient';
import { hostSessionPath, serverMessageSchema } from '../../../shared/ipc/protocol';

export interface WebSocketTransportOptions {
  /** ws://host:port/ws?token=… */
  url: string;
  /**
   * Asks the host whether it still accepts this page's token: 'refused' after a restart with a
   * new token, 'accepted', or 'unknown' when the host cannot be reached. A browser cannot see
   * why a WebSocket upgrade failed, so the transport asks after each failed attempt.
   */
  checkToken?: () => Promise<TokenCheck>;
  /** Delay before the n-th reconnect attempt; grows to a ceiling so a wall screen keeps trying. */
  reconnectDelayMs?: (attempt: number) => number;
}

export type TokenCheck = 'accepted' | 'refused' | 'unknown';

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
      const retry = () => setTimeout(connect, delay(attempt++));
      if (opened || !options.checkToken) {
        retry();
        return;
      }
      void options.checkToken().then((check) => {
        if (check === 'refused') client.connectionRefused(refusedReason);
        else retry();
      });
    });
  };
  connect();
  return client.transport;
}

const refusedReason =
  'this console host was restarted and no longer accepts this page: open the new URL it printed';

/** Asks the console host at this page's origin whether `token` is still the one it accepts. */
export async function checkHostToken(token: string): Promise<TokenCheck> {
  try {
    const response = await fetch(hostSessionPath, { headers: { authorization: `Bearer ${token}` } });
    if (response.status === 401) return 'refused';
    return response.ok ? 'accepted' : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Where the console host's WebSocket is, from this page's own address and its launch token. */
export function consoleHostSocketUrl(location: Location, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws?token=${encodeURIComponent(token)}`;
}
