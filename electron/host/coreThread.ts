import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AppInfo } from '../../shared/ipc/app';
import type { CoreThreadOptions, FromCoreThread, ToCoreThread } from './coreThreadMessages';
import type { TextSessions } from './textSessions';

export interface CoreThread {
  info: AppInfo;
  sessions: TextSessions;
  /** Stops the monitors and closes every session, then ends the thread. */
  close(): Promise<void>;
}

export interface CoreThreadCallbacks {
  /** A line of the core's log. */
  log(line: string): void;
  /** The thread ended without being asked to (an error the core did not catch): the host cannot serve without it. */
  crashed(error: Error): void;
}

/**
 * Starts the console core in a worker thread. Polling, diffing, lag evaluation and the
 * encoding of large snapshots then never hold up the thread that answers browsers: a page
 * loads and connects at once however large the fleet is.
 */
export async function startCoreThread(
  options: CoreThreadOptions,
  callbacks: CoreThreadCallbacks,
): Promise<CoreThread> {
  const worker = new Worker(bootstrap, { eval: true, workerData: { ...threadEntry(), options } });
  const send = (message: ToCoreThread) => worker.postMessage(message);
  const sessions = new Map<number, (text: string) => void>();
  let nextSession = 1;
  let stopping = false;

  worker.on('message', (message: FromCoreThread) => {
    if (message.kind === 'send') sessions.get(message.session)?.(message.text);
    else if (message.kind === 'log') callbacks.log(message.line);
  });

  const info = await new Promise<AppInfo>((resolve, reject) => {
    const onExit = (code: number) =>
      reject(new Error(`the console core's thread ended (exit code ${code}) before it was ready`));
    const onMessage = (message: FromCoreThread) => {
      if (message.kind !== 'ready' && message.kind !== 'failed') return;
      worker.off('error', reject);
      worker.off('exit', onExit);
      worker.off('message', onMessage);
      if (message.kind === 'ready') resolve(message.info);
      else {
        reject(new Error(message.message));
        void worker.terminate();
      }
    };
    worker.once('error', reject);
    worker.once('exit', onExit);
    worker.on('message', onMessage);
  });

  worker.on('error', (error) => {
    if (!stopping) callbacks.crashed(error);
  });
  worker.on('exit', (code) => {
    if (!stopping) callbacks.crashed(new Error(`the console core's thread ended (exit code ${code})`));
  });

  return {
    info,
    sessions: {
      openSession: (sendText) => {
        const session = nextSession++;
        sessions.set(session, sendText);
        send({ kind: 'open', session });
        return {
          receive: (text) => send({ kind: 'receive', session, text }),
          close: () => {
            if (!sessions.delete(session)) return;
            send({ kind: 'close', session });
          },
        };
      },
    },
    close: async () => {
      if (stopping) return;
      stopping = true;
      sessions.clear();
      const stopped = new Promise<void>((resolve) => {
        worker.on('message', (message: FromCoreThread) => {
          if (message.kind === 'stopped') resolve();
        });
        worker.once('exit', () => resolve());
      });
      send({ kind: 'stop' });
      await stopped;
      await worker.terminate();
    },
  };
}

/**
 * The worker's first code: from source (the host runs under tsx) it registers tsx's loader
 * in the new thread, which Node does not carry over, then imports the entry. The installed
 * desktop app's entry is CommonJS inside its asar archive: required, as Electron reads such
 * archives through require in a worker thread.
 */
const bootstrap = `
const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.entryUrl.endsWith('.cjs')) return require(require('node:url').fileURLToPath(workerData.entryUrl));
  if (workerData.loaderUrl) (await import(workerData.loaderUrl)).register();
  await import(workerData.entryUrl);
})();
`;

function threadEntry(): { entryUrl: string; loaderUrl: string | null } {
  const extension = extname(fileURLToPath(import.meta.url));
  const entryUrl = new URL(`./coreThreadEntry${extension}`, import.meta.url).href;
  return { entryUrl, loaderUrl: extension === '.ts' ? import.meta.resolve('tsx/esm/api') : null };
}
