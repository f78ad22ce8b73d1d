/**
 * Reading `states` API requests: required and optional members, and pagination with opaque
 * nextTokens (maxResults 1 to 1000, 0 or absent meaning 100).
 */
import { ServiceError } from '../protocol/json-rpc';

const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

export function requireString(input: Record<string, unknown>, field: string): string {
  const value = input[field];
  if (typeof value !== 'string' || value === '') {
    throw new ServiceError(
      'ValidationException',
      `1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

export function optionalString(input: Record<string, unknown>, field: string): string | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ServiceError('ValidationException', `Value at '${field}' must be a string`);
  return value;
}

function pageSize(value: unknown): number {
  if (value === undefined || value === null || value === 0) return DEFAULT_PAGE;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_PAGE) {
    throw new ServiceError('ValidationException', `Value '${String(value)}' at 'maxResults' must be an integer from 0 to ${MAX_PAGE}`);
  }
  return value;
}

/** Opaque pagination tokens: the offset into the listing, tied to what is listed. */
function pageToken(scope: string, offset: number): string {
  return Buffer.from(JSON.stringify({ scope, offset })).toString('base64url');
}

function pageOffset(scope: string, token: unknown): number {
  if (token === undefined || token === null) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as { scope?: unknown; offset?: unknown };
    if (parsed.scope === scope && typeof parsed.offset === 'number') return parsed.offset;
  } catch {
    // Reported below.
  }
  throw new ServiceError(
    'InvalidToken',
    `Invalid Token: '${String(token)}' is not a nextToken of this listing; repeat the call with the same arguments`,
  );
}

/** One page of a listing; `scope` ties the nextToken to the listing it came from. */
export function listingPage<T>(scope: string, items: T[], input: Record<string, unknown>): { items: T[]; nextToken?: string } {
  const size = pageSize(input.maxResults);
  const offset = pageOffset(scope, input.nextToken);
  const end = offset + size;
  return { items: items.slice(offset, end), ...(end < items.length ? { nextToken: pageToken(scope, end) } : {}) };
}
