import type {
  AnyChannel,
  EventOf,
  ParsedParamsOf,
  ParsedRequestOf,
  RequestChannel,
  ResponseOf,
  StreamChannel,
} from '../../../shared/ipc/channel';
import { clientMessageSchema, type ServerMessage } from '../../../shared/ipc/protocol';
import { describeIssues, fail, ok, type IpcError, type Result } from '../../../shared/ipc/result';
import { ConsoleError, toIpcError } from './consoleError';

export interface RequestContext {
  /** Aborted when the caller cancels or disconnects. */
  signal: AbortSignal;
}

export interface StreamContext {
  signal: AbortSignal;
  /** Ends the stream from main's side, with an error when it failed. */
  end(error?: IpcError): void;
}

export type RequestHandler<C extends RequestChannel> = (
  request: ParsedRequestOf<C>,
  context: RequestContext,
) => Promise<ResponseOf<C>> | ResponseOf<C>;

/** Starts a stream; returns its cleanup, which runs on unsubscribe, disconnect or navigation. */
export type StreamHandler<C extends StreamChannel> = (
  params: ParsedParamsOf<C>,
  emit: (event: EventOf<C>) => void,
  context: StreamContext,
) => (() => void) | void;

/** Decides whether an action may run; returns the refusal, or null to allow it. */
export type ActionPolicy = (channel: RequestChannel, request: unknown) => IpcError | null;

export interface StreamSubscription {
  close(): void;
}

/**
 * Logs the failures the console expects (a malformed message, a thing that is not there, a
 * cancelled request) as one line without a stack, and at most `lines` a minute for one
 * connection, so a misbehaving page cannot flood the log; what it holds back is counted and
 * said when the minute ends, whether or not another failure comes.
 */
export class ExpectedErrorLog {
  private windowStartedAt = -Infinity;
  private linesInWindow = 0;
  private heldBack = 0;
  private cancelFlush: (() => void) | null = null;

  constructor(
    private readonly log: (line: string) => void,
    private readonly now: () => number = Date.now,
    private readonly lines = 10,
    /** Runs `flush` once the minute is over; a timer that does not keep the process alive. */
    private readonly later: (run: () => void, ms: number) => () => void = (run, ms) => {
      const timer = setTimeout(run, ms);
      timer.unref();
      return () => clearTimeout(timer);
    },
  ) {}

  note(line: string): void {
    const now = this.now();
    if (now - this.windowStartedAt >= 60_000) {
      this.flush();
      this.windowStartedAt = now;
      this.linesInWindow = 0;
    }
    if (this.linesInWindow < this.lines) {
      this.linesInWindow++;
      this.log(line);
      return;
    }
    this.heldBack++;
    this.cancelFlush ??= this.later(
      () => {
        this.cancelFlush = null;
        this.flush();
      },
      this.windowStartedAt + 60_000 - now,
    );
  }

  /** Says how many lines were held back, if any. */
  flush(): void {
    this.cancelFlush?.();
    this.cancelFlush = null;
    if (this.heldBack === 0) return;
    this.log(`…and ${this.heldBack} more failures like these from this connection, not logged one by one`);
    this.heldBack = 0;
  }
}

function expectedErrorLine(channelName: string, error: IpcError): string {
  return `${channelName}: ${error.code} ${error.message}`;
}

/**
 * The main side of the contract. Every request is parsed with its channel's schema before
 * the handler sees it (the renderer is untrusted), actions pass the action policy, and every
 * failure comes back as a value. Transports (Electron IPC, WebSocket, in-memory) only move
 * messages; this is the one place that decides what a message may do.
 */
export class IpcRouter {
  private readonly requests = new Map<
    string,
    { channel: RequestChannel; handler: RequestHandler<RequestChannel> }
  >();
  private readonly streams = new Map<
    string,
    { channel: StreamChannel; handler: StreamHandler<StreamChannel> }
  >();

  /** Where failures go that reach no connection of their own (Electron's IPC has one page). */
  readonly expectedErrors: ExpectedErrorLog;

  constructor(
    private readonly options: {
      actionPolicy?: ActionPolicy;
      /** An error nobody meant: logged with its stack. */
      onHandlerError?: (channel: string, error: unknown) => void;
      /** Where expected failures are logged, one line each. */
      log?: (line: string) => void;
    } = {},
  ) {
    this.expectedErrors = new ExpectedErrorLog(options.log ?? (() => undefined));
  }

  register<C extends RequestChannel>(channel: C, handler: RequestHandler<C>): void {
    this.assertFree(channel);
    this.requests.set(channel.name, { channel, handler: handler });
  }

  registerStream<C extends StreamChannel>(channel: C, handler: StreamHandler<C>): void {
    this.assertFree(channel);
    this.streams.set(channel.name, { channel, handler: handler });
  }

  async invoke(
    channelName: string,
    payload: unknown,
    signal: AbortSignal = new AbortController().signal,
    expectedErrors: ExpectedErrorLog = this.expectedErrors,
  ): Promise<Result<unknown>> {
    const result = await this.invokeHandler(channelName, payload, signal);
    // A refused action is the policy working, not a failure worth a line.
    if (!result.ok && result.error.code !== 'INTERNAL' && result.error.code !== 'READ_ONLY')
      expectedErrors.note(expectedErrorLine(channelName, result.error));
    return result;
  }

  private async invokeHandler(
    channelName: string,
    payload: unknown,
    signal: AbortSignal,
  ): Promise<Result<unknown>> {
    const entry = this.requests.get(channelName);
    if (!entry) return fail('UNKNOWN_CHANNEL', `No request channel named "${channelName}".`);
    const parsed = entry.channel.request.safeParse(payload);
    if (!parsed.success) {
      return fail('VALIDATION', `Invalid request on ${channelName}.`, describeIssues(parsed.error));
    }
    if (entry.channel.action) {
      const refusal = this.options.actionPolicy?.(entry.channel, parsed.data);
      if (refusal) return { ok: false, error: refusal };
    }
    try {
      const value = await entry.handler(parsed.data, { signal });
      if (signal.aborted) return fail('CANCELLED', 'The request was cancelled.');
      return ok(value);
    } catch (error) {
      if (!(error instanceof ConsoleError)) this.options.onHandlerError?.(channelName, error);
      return { ok: false, error: toIpcError(error) };
    }
  }

  /**
   * Starts a stream. Returns the subscription, or the error that refused it; events are
   * passed to `emit` until `onEnd` is called or the subscription is closed.
   */
  subscribe(
    channelName: string,
    params: unknown,
    emit: (event: unknown) => void,
    onEnd: (error?: IpcError) => void,
    expectedErrors: ExpectedErrorLog = this.expectedErrors,
  ): Result<StreamSubscription> {
    const result = this.subscribeHandler(channelName, params, emit, onEnd);
    if (!result.ok && result.error.code !== 'INTERNAL')
      expectedErrors.note(expectedErrorLine(channelName, result.error));
    return result;
  }

  private subscribeHandler(
    channelName: string,
    params: unknown,
    emit: (event: unknown) => void,
    onEnd: (error?: IpcError) => void,
  ): Result<StreamSubscription> {
    const entry = this.streams.get(channelName);
    if (!entry) return fail('UNKNOWN_CHANNEL', `No stream channel named "${channelName}".`);
    const parsed = entry.channel.params.safeParse(params);
    if (!parsed.success) {
      return fail('VALIDATION', `Invalid subscription to ${channelName}.`, describeIssues(parsed.error));
    }
    const abort = new AbortController();
    let cleanup: (() => void) | void = undefined;
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      abort.abort();
      try {
        cleanup?.();
      } catch (error) {
        this.options.onHandlerError?.(channelName, error);
      }
    };
    const context: StreamContext = {
      signal: abort.signal,
      end: (error) => {
        if (closed) return;
        close();
        onEnd(error);
      },
    };
    try {
      cleanup = entry.handler(
        parsed.data,
        (event) => {
          if (!closed) emit(event);
        },
        context,
      );
    } catch (error) {
      this.options.onHandlerError?.(channelName, error);
      close();
      return { ok: false, error: toIpcError(error) };
    }
    if (closed) cleanup?.();
    return ok({ close });
  }

  /**
   * A session for a transport that frames its own messages (WebSocket, in-memory pair):
   * feed it raw client messages; it answers through `send`. Closing it cancels what is in
   * flight and ends every stream it opened.
   */
  openSession(send: (message: ServerMessage) => void): RouterSession {
    return new RouterSession(this, send, this.options.log ?? (() => undefined));
  }

  private assertFree(channel: AnyChannel): void {
    if (this.requests.has(channel.name) || this.streams.has(channel.name)) {
      throw new Error(`Channel ${channel.name} is registered twice.`);
    }
  }
}

export class RouterSession {
  private readonly inFlight = new Map<number, AbortController>();
  private readonly subscriptions = new Map<number, StreamSubscription>();
  private readonly expectedErrors: ExpectedErrorLog;
  private closed = false;

  constructor(
    private readonly router: IpcRouter,
    private readonly send: (message: ServerMessage) => void,
    log: (line: string) => void,
  ) {
    this.expectedErrors = new ExpectedErrorLog(log);
  }

  receive(raw: unknown): void {
    if (this.closed) return;
    const parsed = clientMessageSchema.safeParse(raw);
    if (!parsed.success) {
      const fields = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
      const error: IpcError = {
        code: 'VALIDATION',
        message: 'Malformed console message.',
        details: describeIssues(parsed.error),
      };
      const kind = typeof fields.type === 'string' ? fields.type.slice(0, 40) : 'message';
      this.expectedErrors.note(`${expectedErrorLine(kind, error)}: ${error.details?.join('; ')}`);
      const id = fields.id;
      if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) {
        this.send({ type: 'protocol-error', error });
      } else if (fields.type === 'subscribe') {
        // The page waits on a stream: it ends, so its subscriber hears why.
        this.send({ type: 'stream-end', id, error });
      } else {
        this.send({ type: 'result', id, result: { ok: false, error } });
      }
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'invoke': {
        const abort = new AbortController();
        this.inFlight.set(message.id, abort);
        void this.router
          .invoke(message.channel, message.payload, abort.signal, this.expectedErrors)
          .then((result) => {
            if (this.inFlight.get(message.id) !== abort) return;
            this.inFlight.delete(message.id);
            if (!this.closed) this.send({ type: 'result', id: message.id, result });
          });
        return;
      }
      case 'cancel':
        this.inFlight.get(message.id)?.abort();
        this.inFlight.delete(message.id);
        return;
      case 'subscribe': {
        this.subscriptions.get(message.id)?.close();
        const id = message.id;
        const result = this.router.subscribe(
          message.channel,
          message.params,
          (event) => {
            if (!this.closed) this.send({ type: 'event', id, event });
          },
          (error) => {
            this.subscriptions.delete(id);
            if (!this.closed)
              this.send(error ? { type: 'stream-end', id, error } : { type: 'stream-end', id });
          },
          this.expectedErrors,
        );
        if (result.ok) this.subscriptions.set(id, result.value);
        else this.send({ type: 'stream-end', id, error: result.error });
        return;
      }
      case 'unsubscribe':
        this.subscriptions.get(message.id)?.close();
        this.subscriptions.delete(message.id);
        return;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.expectedErrors.flush();
    for (const abort of this.inFlight.values()) abort.abort();
    this.inFlight.clear();
    for (const subscription of this.subscriptions.values()) subscription.close();
    this.subscriptions.clear();
  }

  get openStreamCount(): number {
    return this.subscriptions.size;
  }
}
