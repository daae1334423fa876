import type { IpcRouter } from '../core/ipc/router';

/** One client's console protocol session over text frames: JSON in, JSON out. */
export interface TextSession {
  receive(text: string): void;
  close(): void;
}

/** Opens text sessions: the router's own, or those of a router in another thread. */
export interface TextSessions {
  openSession(sendText: (text: string) => void): TextSession;
}

/** Sessions of `router` in this thread: messages are parsed and serialised here. */
export function routerTextSessions(router: IpcRouter): TextSessions {
  return {
    openSession: (sendText) => {
      const session = router.openSession((message) => sendText(JSON.stringify(message)));
      return {
        receive: (text) => {
          let raw: unknown;
          try {
            raw = JSON.parse(text);
          } catch {
            sendText(
              JSON.stringify({
                type: 'protocol-error',
                error: { code: 'VALIDATION', message: 'A console message must be JSON.' },
              }),
            );
            return;
          }
          session.receive(raw);
        },
        close: () => session.close(),
      };
    },
  };
}
