import { CloudWatchApiError } from './cloudwatchProtocols';

/**
 * Reading CloudWatch requests as the service does: a missing required member is
 * MissingParameter, a member of the wrong kind is InvalidParameterValue, each naming the
 * member's path.
 */

export function requireMember<T>(value: T | undefined | null, path: string): T {
  if (value === undefined || value === null)
    throw new CloudWatchApiError('MissingParameter', `The parameter ${path} is required.`);
  return value;
}

export function requireObject(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new CloudWatchApiError('InvalidParameterValue', `The parameter ${path} must be a structure.`);
  return value as Record<string, unknown>;
}

export function requireArray(request: Record<string, unknown>, name: string): unknown[] {
  const value = requireMember(request[name], name);
  if (!Array.isArray(value))
    throw new CloudWatchApiError('InvalidParameterValue', `The parameter ${name} must be a list.`);
  return value;
}

/** A timestamp member as the SDK sends it on AWS JSON: epoch seconds. */
export function epochSecondsMember(request: Record<string, unknown>, name: string): number {
  const value = requireMember(request[name], name);
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new CloudWatchApiError('InvalidParameterValue', `The parameter ${name} must be a timestamp.`);
  return value;
}

/** An optional timestamp member, in epoch ms. */
export function optionalEpochMs(request: Record<string, unknown>, name: string): number | undefined {
  return request[name] === undefined ? undefined : epochSecondsMember(request, name) * 1000;
}

export function optionalString(request: Record<string, unknown>, name: string): string | undefined {
  const value = request[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string')
    throw new CloudWatchApiError('InvalidParameterValue', `The parameter ${name} must be a string.`);
  return value;
}

export function optionalStringList(
  request: Record<string, unknown>,
  name: string,
  max: number,
): string[] | undefined {
  const value = request[name];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string'))
    throw new CloudWatchApiError('InvalidParameterValue', `The parameter ${name} must be a list of strings.`);
  if (value.length > max)
    throw new CloudWatchApiError(
      'ValidationError',
      `The collection ${name} must not have a size greater than ${max}.`,
    );
  return value as string[];
}

/** MaxRecords of the Describe operations: 1..100, default 50. */
export function maxRecordsOf(request: Record<string, unknown>): number {
  const value = request.MaxRecords ?? 50;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 100)
    throw new CloudWatchApiError(
      'InvalidParameterValue',
      'The parameter MaxRecords must be between 1 and 100.',
    );
  return value;
}

/** Tokens carry the offset of the next page and the list they belong to. */
export function pageOf<T>(
  items: readonly T[],
  token: unknown,
  size: number,
  list: string,
): { items: T[]; nextToken: string | undefined } {
  let offset = 0;
  if (token !== undefined) {
    const text = typeof token === 'string' ? Buffer.from(token, 'base64url').toString('utf8') : '';
    const match = new RegExp(`^${list}:(\\d+)$`).exec(text);
    if (!match)
      throw new CloudWatchApiError('InvalidNextToken', 'The NextToken is not valid for this request.');
    offset = Number(match[1]);
  }
  const page = items.slice(offset, offset + size);
  const nextOffset = offset + page.length;
  return {
    items: page,
    nextToken:
      nextOffset < items.length ? Buffer.from(`${list}:${nextOffset}`).toString('base64url') : undefined,
  };
}
