import { randomUUID } from 'node:crypto';
import { parseJsonObjectBody, toWireJson, type AwsJsonResponse } from '../awsJsonProtocol';
import type { BinaryResponse } from '../sandboxHttpServer';
import { CborDecodingError, decodeCbor, encodeCbor } from './cborEncoding';

/**
 * CloudWatch as the current JavaScript SDK speaks it: AWS JSON 1.0, the operation named by
 * `X-Amz-Target: GraniteServiceVersion20100801.<Operation>`, timestamps as epoch seconds;
 * and as botocore speaks it: Smithy RPC v2 CBOR, with the same members and errors.
 * The service came from the query protocol and stays compatible with it: an error carries
 * its query-protocol code in `x-amzn-query-error` ("InvalidParameterValue;Sender"), which
 * the SDK reads to pick the typed exception (or names the error by it when no type exists).
 */

export const cloudWatchTargetPrefix = 'GraniteServiceVersion20100801';

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
  const answer = answerCloudWatch(operations, (target ?? '').slice(cloudWatchTargetPrefix.length + 1), () =>
    parseJsonObjectBody(body, (message) => new CloudWatchApiError('SerializationException', message)),
  );
  return {
    status: answer.status,
    headers: { ...answer.headers, 'content-type': 'application/x-amz-json-1.0' },
    body: 'error' in answer ? JSON.stringify(answer.error) : toWireJson(answer.output),
  };
}

/**
 * The same operations on Smithy RPC v2 CBOR, at `/service/GraniteServiceVersion20100801/
 * operation/<Operation>`: botocore (the AWS CLI) prefers it for CloudWatch.
 */
export function handleCloudWatchCborRequest(
  operations: ReadonlyMap<string, CloudWatchOperation>,
  operation: string,
  body: Buffer,
): BinaryResponse {
  const answer = answerCloudWatch(operations, operation, () => {
    let input: unknown;
    try {
      input = decodeCbor(body);
    } catch (error) {
      if (!(error instanceof CborDecodingError)) throw error;
      throw new CloudWatchApiError('SerializationException', error.message);
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      throw new CloudWatchApiError('SerializationException', 'The request body must be a CBOR map.');
    return input;
  });
  return {
    status: answer.status,
    headers: { ...answer.headers, 'content-type': 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor' },
    body: encodeCbor('error' in answer ? answer.error : answer.output),
  };
}

type CloudWatchAnswer = { status: number; headers: Record<string, string> } & (
  { output: object } | { error: { __type: string; message: string } }
);

function answerCloudWatch(
  operations: ReadonlyMap<string, CloudWatchOperation>,
  name: string,
  parseInput: () => object,
): CloudWatchAnswer {
  try {
    const operation = operations.get(name);
    if (!operation)
      throw new CloudWatchApiError('InvalidAction', `The action ${name} is not valid for this web service.`);
    return { status: 200, headers: requestIdHeader(), output: operation(parseInput()) };
  } catch (error) {
    const known = error instanceof CloudWatchApiError;
    const code: CloudWatchErrorCode = known ? error.code : 'InternalServiceError';
    const message = known
      ? error.message
      : `The sandbox failed to handle the request: ${error instanceof Error ? error.message : String(error)}`;
    const status = code === 'InternalServiceError' ? 500 : 400;
    return {
      status,
      headers: {
        ...requestIdHeader(),
        'x-amzn-query-error': `${code};${status >= 500 ? 'Receiver' : 'Sender'}`,
      },
      error: { __type: errorTypes[code], message },
    };
  }
}

function requestIdHeader(): Record<string, string> {
  return { 'x-amzn-RequestId': randomUUID() };
}
