/**
 * The one API the Electron preload exposes to the page, as `window.flarenet`.
 * It moves messages and nothing else: validation and policy live in main.
 */
export interface FlarenetBridge {
  /** Resolves with a `Result` value; never rejects for handler failures. */
  invoke(channel: string, payload: unknown, requestId: number): Promise<unknown>;
  cancel(requestId: number): void;
  /** `listener` receives `{ type: 'event', event }` and finally `{ type: 'stream-end', error? }`. */
  subscribe(channel: string, params: unknown, listener: (message: unknown) => void): () => void;
}

export const bridgeChannels = {
  invoke: 'flarenet:invoke',
  cancel: 'flarenet:cancel',
  subscribe: 'flarenet:subscribe',
  unsubscribe: 'flarenet:unsubscribe',
  stream: 'flarenet:stream',
} as const;
