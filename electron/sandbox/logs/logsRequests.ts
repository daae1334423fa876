import { z } from 'zod';
import { parseArn } from '../../../shared/fleet/ecsArns';
import { sandboxRegion } from '../../../shared/ipc/sandbox';
import { sandboxAccountId } from '../sandboxArns';
import { LogsApiError } from './logsApiError';
import type { LogGroupRecord, LogStreamRegistry } from './logStreamRegistry';

/**
 * Request shapes of the Logs operations the sandbox serves, with CloudWatch Logs' limits.
 * Unknown members are ignored, as the service ignores members it does not use.
 */

const epochMillis = z.number().int().nonnegative();
const groupReference = {
  logGroupName: z.string().min(1).max(512).optional(),
  logGroupIdentifier: z.string().min(1).max(2048).optional(),
};

export const describeLogGroupsRequest = z.object({
  logGroupNamePrefix: z.string().min(1).max(512).optional(),
  logGroupNamePattern: z.string().max(512).optional(),
  logGroupIdentifiers: z.array(z.string()).min(1).max(50).optional(),
  nextToken: z.string().optional(),
  limit: z.number().int().min(1).max(50).optional(),
});

export const describeLogStreamsRequest = z.object({
  ...groupReference,
  logStreamNamePrefix: z.string().min(1).max(512).optional(),
  orderBy: z.enum(['LogStreamName', 'LastEventTime']).optional(),
  descending: z.boolean().optional(),
  nextToken: z.string().optional(),
  limit: z.number().int().min(1).max(50).optional(),
});

export const filterLogEventsRequest = z.object({
  ...groupReference,
  logStreamNames: z.array(z.string().min(1)).min(1).max(100).optional(),
  logStreamNamePrefix: z.string().min(1).max(512).optional(),
  startTime: epochMillis.optional(),
  endTime: epochMillis.optional(),
  filterPattern: z.string().max(1024).optional(),
  nextToken: z.string().optional(),
  limit: z.number().int().min(1).max(10_000).optional(),
  startFromHead: z.boolean().optional(),
});

export const getLogEventsRequest = z.object({
  ...groupReference,
  logStreamName: z.string().min(1).max(512),
  startTime: epochMillis.optional(),
  endTime: epochMillis.optional(),
  nextToken: z.string().optional(),
  limit: z.number().int().min(1).max(10_000).optional(),
  startFromHead: z.boolean().optional(),
});

export const startLiveTailRequest = z.object({
  logGroupIdentifiers: z.array(z.string().min(1)).min(1).max(10),
  logStreamNames: z.array(z.string().min(1)).min(1).max(100).optional(),
  logStreamNamePrefixes: z.array(z.string().min(1)).min(1).max(100).optional(),
  logEventFilterPattern: z.string().max(1024).optional(),
});

/** The group a request names by logGroupName or logGroupIdentifier (a name or an ARN), exactly one of them. */
export function requireLogGroup(
  registry: LogStreamRegistry,
  request: { logGroupName?: string | undefined; logGroupIdentifier?: string | undefined },
): LogGroupRecord {
  if (request.logGroupName !== undefined && request.logGroupIdentifier !== undefined) {
    throw new LogsApiError(
      'InvalidParameterException',
      'LogGroup name and LogGroup ARN are mutually exclusive parameters.',
    );
  }
  const reference = request.logGroupName ?? request.logGroupIdentifier;
  if (reference === undefined) {
    throw new LogsApiError(
      'InvalidParameterException',
      'Should provide either name or ARN of the log group.',
    );
  }
  const group = registry.findGroup(groupNameOf(reference) ?? '');
  if (!group) throw new LogsApiError('ResourceNotFoundException', 'The specified log group does not exist.');
  return group;
}

/** A group's name from its name or ARN (`…:log-group:name`, with or without `:*`); null for an ARN of another account or region. */
export function groupNameOf(reference: string): string | null {
  if (!reference.startsWith('arn:')) return reference;
  const arn = parseArn(reference);
  if (!arn?.partition.startsWith('aws') || arn.service !== 'logs') return null;
  if (arn.region !== sandboxRegion || arn.accountId !== sandboxAccountId) return null;
  const name = arn.resource.startsWith('log-group:') ? arn.resource.slice('log-group:'.length) : '';
  return name.replace(/:\*$/, '') || null;
}

/** An opaque token that names the list it belongs to, so a token from elsewhere is refused. */
export function encodeToken(value: object): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeToken<Schema extends z.ZodType>(token: string, schema: Schema): z.output<Schema> {
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // Falls through to the answer a well-formed token for another request gets.
  }
  throw new LogsApiError('InvalidParameterException', 'The specified nextToken is invalid.');
}

export function checkTimeRange(startTime: number | undefined, endTime: number | undefined): void {
  if (startTime !== undefined && endTime !== undefined && startTime > endTime)
    throw new LogsApiError('InvalidParameterException', 'startTime must be less than or equal to endTime.');
}
