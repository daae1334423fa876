/**
 * The console core in the host's worker thread: monitors, actions and the router run here,
 * each WebSocket's messages arrive as text and leave as text, and the host's main thread
 * only serves files and relays frames.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startConsoleCore } from '../core/app/consoleCore';
import { startSandboxOnDemand } from '../sandbox/sandboxOnDemand';
import { keychainFromEnvironment } from '../core/kafka/osKeychain';
import type { CoreThreadOptions, FromCoreThread, ToCoreThread } from './coreThreadMessages';
import { routerTextSessions, type TextSession } from './textSessions';

const port = parentPort;
if (!port) throw new Error('coreThreadEntry runs as a worker thread of the console host.');
const post = (message: FromCoreThread) => port.postMessage(message);
const { options } = workerData as { options: CoreThreadOptions };

// Not a top-level await: the desktop app carries this file as CommonJS, which has none.
void (async () => {
  try {
    const core = await startConsoleCore({
      ...options,
      env: process.env,
      startSandbox: startSandboxOnDemand,
      keychain: keychainFromEnvironment(process.env),
      log: (line) => post({ kind: 'log', line }),
    });
    const sessions = routerTextSessions(core.router);
    const open = new Map<number, TextSession>();
    port.on('message', (message: ToCoreThread) => {
      switch (message.kind) {
        case 'open':
          open.set(
            message.session,
            sessions.openSession((text) => post({ kind: 'send', session: message.session, text })),
          );
          return;
        case 'receive':
          open.get(message.session)?.receive(message.text);
          return;
        case 'close':
          open.get(message.session)?.close();
          open.delete(message.session);
          return;
        case 'stop':
          for (const session of open.values()) session.close();
          open.clear();
          void core.close().finally(() => post({ kind: 'stopped' }));
          return;
      }
    });
    post({ kind: 'ready', info: core.info });
  } catch (error) {
    post({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
})();
