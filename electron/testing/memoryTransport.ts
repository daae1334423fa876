import type { ConsoleTransport } from '../../shared/ipc/client';
import { FramedClient } from '../../shared/ipc/framedClient';
import type { ClientMessage, ServerMessage } from '../../shared/ipc/protocol';
import type { IpcRouter, RouterSession } from '../core/ipc/router';

/**
 * A client transport wired straight to a router, for tests: every message goes through
 * a JSON round trip, as it would on a real wire, so nothing passes by reference.
 */
export function createMemoryTransport(router: IpcRouter): {
  transport: ConsoleTransport;
  session: RouterSession;
  sendRaw(raw: unknown): void;
  close(): void;
} {
  const client = new FramedClient();
  const session = router.openSession((message: ServerMessage) => {
    const copy = JSON.parse(JSON.stringify(message)) as ServerMessage;
    queueMicrotask(() => client.receive(copy));
  });
  const send = (message: ClientMessage) => session.receive(JSON.parse(JSON.stringify(message)) as unknown);
  client.connectionOpened(send);
  return {
    transport: client.transport,
    session,
    sendRaw: (raw) => session.receive(raw),
    close: () => {
      session.close();
      client.connectionLost('closed', false);
    },
  };
}
