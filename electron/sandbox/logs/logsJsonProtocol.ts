import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  awsJsonContentType,
  memberAt,
  parseJsonObjectBody,
  toWireJson,
  type AwsJsonResponse,
} from '../awsJsonProtocol';
import { LogsApiError } from './logsApiError';

/**
 * CloudWatch Logs on AWS JSON 1.1, as the ECS endpoint speaks it (awsJsonProtocol.ts), with
 * the Logs service's own exception names. Times in Logs are epoch milliseconds as plain
 * numbers, so outputs carry no Dates.
 */

export const logsTargetPrefix = 'Logs_20140328';

export type LogsOperation = (input: unknown) => object;

/** Whether an X-Amz-Target names a Logs operation (known or not), so one port can serve ECS and Logs. */
export function isLogsTarget(target: string | undefined): boolean {
  return target?.startsWith(`${logsTargetPrefix}.`) === true;
}

export function handleLogsJsonRequest(
  operations: ReadonlyMap<string, LogsOperation>,
  target: string | undefined,
  body: string,
): AwsJsonResponse {
  try {
    const operation = operations.get(logsOperationName(target));
    if (!operation) throw new LogsApiError('UnknownOperationException', `Unknown operation ${target}.`);
    return { status: 200, headers: logsResponseHeaders(), body: toWireJson(operation(parseLogsBody(body))) };
  } catch (error) {
    return logsErrorResponse(error);
  }
}

export function logsOperationName(target: string | undefined): string {
  return (target ?? '').slice(logsTargetPrefix.length + 1);
}

export function parseLogsBody(body: string): object {
  return parseJsonObjectBody(body, (message) => new LogsApiError('SerializationException', message));
}

/** Parses an operation's input, answering bad input as CloudWatch Logs does. */
export function parseLogsRequest<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.join('.') || 'request';
  if (issue && memberAt(input, issue.path) === undefined) {
    throw new LogsApiError(
      'InvalidParameterException',
      `1 validation error detected: ${path} must not be null.`,
    );
  }
  if (issue?.code === 'invalid_type') {
    throw new LogsApiError('SerializationException', `${path}: ${issue.message}`);
  }
  throw new LogsApiError(
    'InvalidParameterException',
    `1 validation error detected: Value at '${path}' failed to satisfy constraint: ${issue?.message ?? 'invalid value'}`,
  );
}

export function logsResponseHeaders(contentType: string = awsJsonContentType): Record<string, string> {
  return { 'content-type': contentType, 'x-amzn-RequestId': randomUUID() };
}

export function logsErrorResponse(error: unknown): AwsJsonResponse {
  if (error instanceof LogsApiError) {
    return {
      status: 400,
      headers: { ...logsResponseHeaders(), 'x-amzn-ErrorType': error.type },
      body: JSON.stringify({ __type: error.type, message: error.message }),
    };
  }
  const reason = error instanceof Error ? error.message : String(error);
  return {
    status: 500,
    headers: { ...logsResponseHeaders(), 'x-amzn-ErrorType': 'ServiceUnavailableException' },
    body: JSON.stringify({
      __type: 'ServiceUnavailableException',
      message: `The sandbox failed to handle the request: ${reason}`,
    }),
  };
}
