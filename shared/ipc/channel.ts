import type { z } from 'zod';

/**
 * A request channel: one request, one response, cancellable.
 * `action` marks requests that change something outside the console (a deployment,
 * a sandbox scenario); read-only consoles refuse them in main, whatever the UI shows.
 */
export interface RequestChannel<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly kind: 'request';
  readonly name: string;
  readonly request: Req;
  readonly response: Res;
  readonly action: boolean;
}

/** A stream channel: subscribe with parameters, receive events until unsubscribed. */
export interface StreamChannel<Params extends z.ZodType = z.ZodType, Event extends z.ZodType = z.ZodType> {
  readonly kind: 'stream';
  readonly name: string;
  readonly params: Params;
  readonly event: Event;
}

export type AnyChannel = RequestChannel | StreamChannel;

export type RequestOf<C extends RequestChannel> = z.input<C['request']>;
export type ParsedRequestOf<C extends RequestChannel> = z.output<C['request']>;
export type ResponseOf<C extends RequestChannel> = z.output<C['response']>;
export type ParamsOf<C extends StreamChannel> = z.input<C['params']>;
export type ParsedParamsOf<C extends StreamChannel> = z.output<C['params']>;
export type EventOf<C extends StreamChannel> = z.output<C['event']>;

export function defineRequest<Req extends z.ZodType, Res extends z.ZodType>(
  name: string,
  schemas: { request: Req; response: Res; action?: boolean },
): RequestChannel<Req, Res> {
  return {
    kind: 'request',
    name,
    request: schemas.request,
    response: schemas.response,
    action: schemas.action ?? false,
  };
}

export function defineStream<Params extends z.ZodType, Event extends z.ZodType>(
  name: string,
  schemas: { params: Params; event: Event },
): StreamChannel<Params, Event> {
  return { kind: 'stream', name, params: schemas.params, event: schemas.event };
}
