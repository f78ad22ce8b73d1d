/**
 * Pagination of list operations, one way for every local service: a page of at most maxResults
 * items (validated against the operation's bounds, a default when absent) and an opaque nextToken
 * tied to the listing it came from, so a token of another listing (or a forged one) is refused.
 */
import { AwsError } from './aws-error';

export interface PageBounds {
  /** Page size when maxResults is absent (or 0, where `zeroIsDefault`). */
  defaultSize: number;
  /** Largest maxResults accepted. */
  max: number;
  /** Smallest maxResults accepted; default 1. */
  min?: number;
  /** Step Functions reads maxResults 0 as "the default". */
  zeroIsDefault?: boolean;
  /** The error code of a bad maxResults or nextToken (`ValidationException`, `BadRequestException`, ...). */
  errorCode?: string;
  /** The error code of a bad nextToken, when it differs (Step Functions: `InvalidToken`). */
  tokenErrorCode?: string;
  /** HTTP status of those errors; default 400. */
  status?: number;
}

export interface PageRequest {
  maxResults?: unknown;
  nextToken?: unknown;
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

function pageSize(value: unknown, bounds: PageBounds): number {
  const min = bounds.min ?? 1;
  if (value === undefined || value === null || value === '') return bounds.defaultSize;
  if (value === 0 && bounds.zeroIsDefault) return bounds.defaultSize;
  const size = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < min || size > bounds.max) {
    const lowest = bounds.zeroIsDefault ? 0 : min;
    throw new AwsError(
      bounds.errorCode ?? 'ValidationException',
      `Value ${JSON.stringify(value)} at 'maxResults' must be a whole number from ${lowest} to ${bounds.max}`,
      bounds.status ?? 400,
    );
  }
  return size;
}

/** The opaque token of the page that starts at `offset` of the listing `scope`. */
export function pageToken(scope: string, offset: number): string {
  return Buffer.from(JSON.stringify({ scope, offset })).toString('base64url');
}

function pageOffset(scope: string, token: unknown, bounds: PageBounds): number {
  if (token === undefined || token === null || token === '') return 0;
  try {
    const parsed = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as { scope?: unknown; offset?: unknown };
    if (parsed.scope === scope && typeof parsed.offset === 'number' && Number.isInteger(parsed.offset) && parsed.offset >= 0) return parsed.offset;
  } catch {
    // Reported below.
  }
  throw new AwsError(
    bounds.tokenErrorCode ?? bounds.errorCode ?? 'ValidationException',
    `Invalid Token: '${String(token).slice(0, 80)}' is not a nextToken of this listing; repeat the call with the same arguments, or without nextToken to start over`,
    bounds.status ?? 400,
  );
}

/**
 * One page of `items`. `scope` names the listing (the operation and its filters): a nextToken is
 * valid only for the listing it came from.
 */
export function listPage<T>(scope: string, items: readonly T[], request: PageRequest, bounds: PageBounds): Page<T> {
  const size = pageSize(request.maxResults, bounds);
  const offset = pageOffset(scope, request.nextToken, bounds);
  const end = offset + size;
  return { items: items.slice(offset, end), ...(end < items.length ? { nextToken: pageToken(scope, end) } : {}) };
}
