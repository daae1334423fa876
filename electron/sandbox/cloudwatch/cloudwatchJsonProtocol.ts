import { randomUUID } from 'node:crypto';
import { parseJsonObjectBody, toWireJson, type AwsJsonResponse } from '../awsJsonProtocol';

/**
 * CloudWatch as the current SDK speaks it: AWS JSON 1.0, the operation named by
 * `X-Amz-Target: GraniteServiceVersion20100801.<Operation>`, timestamps as epoch seconds.
 * The service came from the query protocol and stays compatible with it: an error carries
 * its query-protocol code in `x-amzn-query-error` ("InvalidParameterValue;Sender"), which
 * the SDK reads to pick the typed exception (or names the error by it when no type exists).
 */

export const cloudWatchTargetPrefix = 'GraniteServiceVersion20100801';
const contentType = 'application/x-amz-json-1.0';

/**
 * Each error CloudWatch raises, by its query code, with the `__type` it carries on JSON.
 * The SDK finds its typed exception by the query code (InvalidParameterValueException for
 * InvalidParameterValue, ValidationException for ValidationError).
 */
const errorTypes = {
  InvalidParameterValue: 'com.amazonaws.cloudwatch#InvalidParameterValueException',
  InvalidParameterCombination: 'com.amazonaws.cloudwatch#InvalidParameterCombinationException',
  MissingParameter: 'com.amazonaws.cloudwatch#MissingRequiredParameterException',
  InvalidNextToken: 'com.amazonaws.cloudwatch#InvalidNextToken',
  InternalServiceError: 'com.amazonaws.cloudwatch#InternalServiceFault',
  ValidationError: 'com.amazon.coral.validate#ValidationException',
  InvalidAction: 'com.amazon.coral.service#UnknownOperationException',
  SerializationException: 'com.amazon.coral.service#SerializationException',
} as const;

export type CloudWatchErrorCode = keyof typeof errorTypes;

export class CloudWatchApiError extends Error {
  constructor(
    readonly code: CloudWatchErrorCode,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

export type CloudWatchOperation = (input: object) => object;

/** Whether an X-Amz-Target names a CloudWatch operation (known or not), so one port serves every service. */
export function isCloudWatchTarget(target: string | undefined): boolean {
  return target?.startsWith(`${cloudWatchTargetPrefix}.`) === true;
}

export function handleCloudWatchRequest(
  operations: ReadonlyMap<string, CloudWatchOperation>,
  target: string | undefined,
  body: string,
): AwsJsonResponse {
  try {
    const name = (target ?? '').slice(cloudWatchTargetPrefix.length + 1);
    const operation = operations.get(name);
    if (!operation)
      throw new CloudWatchApiError('InvalidAction', `The action ${name} is not valid for this web service.`);
    const input = parseJsonObjectBody(
      body,
      (message) => new CloudWatchApiError('SerializationException', message),
    );
    return { status: 200, headers: headers(), body: toWireJson(operation(input)) };
  } catch (error) {
    return cloudWatchErrorResponse(error);
  }
}

function cloudWatchErrorResponse(error: unknown): AwsJsonResponse {
  const known = error instanceof CloudWatchApiError;
  const code: CloudWatchErrorCode = known ? error.code : 'InternalServiceError';
  const message = known
    ? error.message
    : `The sandbox failed to handle the request: ${error instanceof Error ? error.message : String(error)}`;
  const status = code === 'InternalServiceError' ? 500 : 400;
  return {
    status,
    headers: {
      ...headers(),
      'x-amzn-query-error': `${code};${status >= 500 ? 'Receiver' : 'Sender'}`,
    },
    body: JSON.stringify({
      __type: errorTypes[code],
      message,
    }),
  };
}

function headers(): Record<string, string> {
  return { 'content-type': contentType, 'x-amzn-RequestId': randomUUID() };
}
