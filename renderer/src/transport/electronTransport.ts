import type { ConnectionState, ConsoleTransport } from '../../../shared/ipc/client';
import type { FlarenetBridge } from '../../../shared/ipc/bridge';
import { resultSchema, fail, type Result } from '../../../shared/ipc/result';
import { serverMessageSchema } from '../../../shared/ipc/protocol';

/** The console protocol over the preload's `window.flarenet` bridge. */
export function createElectronTransport(bridge: FlarenetBridge): ConsoleTransport {
  let nextRequestId = 1;
  return {
    invoke: async (channel, payload, signal): Promise<Result<unknown>> => {
      if (signal?.aborted) return fail('CANCELLED', 'The request was cancelled.');
      const id = nextRequestId++;
      const onAbort = () => bridge.cancel(id);
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const parsed = resultSchema.safeParse(await bridge.invoke(channel, payload, id));
        if (!parsed.success)
          return fail('BAD_RESPONSE', `Main answered ${channel} with something that is not a result.`);
        return parsed.data;
      } catch (error) {
        return fail('INTERNAL', error instanceof Error ? error.message : String(error));
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    },
    subscribe: (channel, params, handlers) =>
      bridge.subscribe(channel, params, (raw) => {
        const parsed = serverMessageSchema.safeParse(raw);
        if (!parsed.success) return;
        const message = parsed.data;
        if (message.type === 'event') handlers.onEvent(message.event);
        else if (message.type === 'stream-end') handlers.onEnd?.(message.error);
      }),
    onConnectionState: (listener: (state: ConnectionState) => void) => {
      // IPC to our own main process does not drop while the window exists.
      listener('open');
      return () => undefined;
    },
  };
}
