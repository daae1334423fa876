import { randomUUID } from 'node:crypto';
import { AwsApiError, EcsApiError } from './ecsApiError';

/**
 * The AWS JSON 1.1 protocol: the operation is named by the X-Amz-Target header, input and
 * output are JSON bodies, timestamps are epoch seconds, and errors are HTTP 400 with the
 * exception name in `__type` (and in x-amzn-ErrorType) so the SDK raises its typed exception.
 */

export const awsJsonContentType = 'application/x-amz-json-1.1';

export interface AwsJsonService {
  targetPrefix: string;
  has(operation: string): boolean;
  /** Runs an operation; throws an AwsApiError (an EcsApiError for ECS) for answers in AWS's error shape. */
  invoke(operation: string, input: unknown): object;
}

export interface AwsJsonResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function handleAwsJsonRequest(
  service: AwsJsonService,
  target: string | undefined,
  body: string,
): AwsJsonResponse {
  try {
    const operation = operationFromTarget(service, target);
    const input = parseJsonObjectBody(body, (message) => new EcsApiError('SerializationException', message));
    return respond(200, service.invoke(operation, input));
  } catch (error) {
    if (error instanceof AwsApiError) return respondWithError(400, error.type, error.message);
    const reason = error instanceof Error ? error.message : String(error);
    return respondWithError(500, 'ServerException', `The sandbox failed to handle the request: ${reason}`);
  }
}

function operationFromTarget(service: AwsJsonService, target: string | undefined): string {
  const [prefix, operation, ...rest] = (target ?? '').split('.');
  if (
    prefix !== service.targetPrefix ||
    operation === undefined ||
    rest.length > 0 ||
    !service.has(operation)
  ) {
    throw new EcsApiError(
      'UnknownOperationException',
      target ? `Unknown operation ${target}.` : 'Missing X-Amz-Target header.',
    );
  }
  return operation;
}

/**
 * A request body as an AWS JSON service reads it: empty is `{}`; anything but a JSON object
 * is refused with the service's own SerializationException, made by `refuse`.
 */
export function parseJsonObjectBody(body: string, refuse: (message: string) => Error): object {
  if (body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw refuse('The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw refuse('The request body must be a JSON object.');
  }
  return parsed;
}

/** The member of a request at `path`, or undefined: how a parser tells a missing member from a wrong one. */
export function memberAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function respond(status: number, output: object): AwsJsonResponse {
  return { status, headers: baseHeaders(), body: toWireJson(output) };
}

function respondWithError(status: number, type: string, message: string): AwsJsonResponse {
  return {
    status,
    headers: { ...baseHeaders(), 'x-amzn-ErrorType': type },
    body: JSON.stringify({ __type: type, message }),
  };
}

function baseHeaders(): Record<string, string> {
  return { 'content-type': awsJsonContentType, 'x-amzn-RequestId': randomUUID() };
}

/** JSON as AWS sends it: every Date, wherever it is, becomes epoch seconds; undefined members are left out. */
export function toWireJson(value: unknown): string {
  return JSON.stringify(toWireValue(value));
}

function toWireValue(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWireValue);
  if (typeof value === 'object' && value !== null) {
    const wire: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      if (member !== undefined) wire[key] = toWireValue(member);
    }
    return wire;
  }
  return value;
}
