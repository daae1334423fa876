import type { EventOf, ParamsOf, RequestChannel, RequestOf, ResponseOf, StreamChannel } from './channel';
import { describeIssues, fail, ok, type IpcError, type Result } from './result';

export interface StreamHandlers {
  onEvent(event: unknown): void;
  /** The stream ended from the other side; `error` says why when it was not a clean end. */
  onEnd?(error?: IpcError): void;
}

/** `refused`: the console host no longer accepts this page's token (it was restarted); retrying cannot help. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed' | 'refused';

/**
 * What feature code depends on. Each runtime provides one (Electron IPC, WebSocket to
 * the console host, an in-memory pair in tests); the choice is made at the renderer's root.
 */
export interface ConsoleTransport {
  invoke(channel: string, payload: unknown, signal?: AbortSignal): Promise<Result<unknown>>;
  subscribe(channel: string, params: unknown, handlers: StreamHandlers): () => void;
  /** Connection state changes, for the status bar; transports that cannot drop report 'open' once. */
  onConnectionState(listener: (state: ConnectionState) => void): () => void;
}

/** The typed face of a transport: requests and events are checked against the contract on arrival. */
export class ConsoleClient {
  constructor(private readonly transport: ConsoleTransport) {}

  async invoke<C extends RequestChannel>(
    channel: C,
    request: RequestOf<C>,
    options: { signal?: AbortSignal } = {},
  ): Promise<Result<ResponseOf<C>>> {
    const result = await this.transport.invoke(channel.name, request, options.signal);
    if (!result.ok) return result;
    const parsed = channel.response.safeParse(result.value);
    if (!parsed.success) {
      return fail(
        'BAD_RESPONSE',
        `The response on ${channel.name} does not match the contract.`,
        describeIssues(parsed.error),
      );
    }
    return ok(parsed.data as ResponseOf<C>);
  }

  /** Like invoke, but throws the error value: for TanStack Query, which expects rejections. */
  async request<C extends RequestChannel>(
    channel: C,
    request: RequestOf<C>,
    options: { signal?: AbortSignal } = {},
  ): Promise<ResponseOf<C>> {
    const result = await this.invoke(channel, request, options);
    if (!result.ok) throw new ConsoleRequestError(result.error);
    return result.value;
  }

  subscribe<C extends StreamChannel>(
    channel: C,
    params: ParamsOf<C>,
    onEvent: (event: EventOf<C>) => void,
    onEnd?: (error?: IpcError) => void,
  ): () => void {
    let unsubscribe: (() => void) | undefined;
    let ended = false;
    const end = (error?: IpcError) => {
      if (ended) return;
      ended = true;
      onEnd?.(error);
    };
    unsubscribe = this.transport.subscribe(channel.name, params, {
      onEvent: (event) => {
        const parsed = channel.event.safeParse(event);
        if (parsed.success) {
          onEvent(parsed.data as EventOf<C>);
          return;
        }
        // A malformed event means main and renderer disagree about the contract: stop
        // the stream loudly rather than render half-understood data.
        unsubscribe?.();
        end({
          code: 'BAD_RESPONSE',
          message: `An event on ${channel.name} does not match the contract.`,
          details: describeIssues(parsed.error),
        });
      },
      onEnd: end,
    });
    return () => {
      ended = true;
      unsubscribe?.();
      unsubscribe = undefined;
    };
  }

  onConnectionState(listener: (state: ConnectionState) => void): () => void {
    return this.transport.onConnectionState(listener);
  }
}

export class ConsoleRequestError extends Error {
  readonly code: IpcError['code'];
  readonly details: string[] | undefined;
  constructor(readonly error: IpcError) {
    super(error.message);
    this.name = 'ConsoleRequestError';
    this.code = error.code;
    this.details = error.details;
  }
}
