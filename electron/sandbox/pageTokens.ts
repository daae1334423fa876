import { EcsApiError } from './ecsApiError';

export interface PageRequest {
  nextToken?: string | undefined;
  maxResults?: number | undefined;
}

export interface PageLimits {
  /** Which list the token belongs to, so a token from one list is refused by another. */
  list: string;
  defaultSize: number;
  maxSize: number;
}

export interface Page<T> {
  items: T[];
  nextToken: string | undefined;
}

/** Cuts one page out of a list; tokens are opaque to callers and carry the offset of the next page. */
export function paginate<T>(items: readonly T[], request: PageRequest, limits: PageLimits): Page<T> {
  const size = request.maxResults ?? limits.defaultSize;
  if (!Number.isInteger(size) || size < 1 || size > limits.maxSize) {
    throw new EcsApiError('InvalidParameterException', `maxResults must be between 1 and ${limits.maxSize}.`);
  }
  const offset = request.nextToken === undefined ? 0 : decodeOffset(request.nextToken, limits.list);
  const page = items.slice(offset, offset + size);
  const nextOffset = offset + page.length;
  return {
    items: page,
    nextToken: nextOffset < items.length ? encodeOffset(nextOffset, limits.list) : undefined,
  };
}

function encodeOffset(offset: number, list: string): string {
  return Buffer.from(JSON.stringify({ list, offset }), 'utf8').toString('base64url');
}

function decodeOffset(token: string, list: string): number {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof decoded === 'object' && decoded !== null) {
      const { list: tokenList, offset } = decoded as { list?: unknown; offset?: unknown };
      if (tokenList === list && typeof offset === 'number' && Number.isInteger(offset) && offset >= 0)
        return offset;
    }
  } catch {
    // Falls through to the same answer as a well-formed token for another list.
  }
  throw new EcsApiError('InvalidParameterException', 'Invalid nextToken.');
}
