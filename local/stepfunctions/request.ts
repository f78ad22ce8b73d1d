/**
 * Reading `states` API requests: required and optional members, and pagination with opaque
 * nextTokens (maxResults 1 to 1000, 0 or absent meaning 100).
 */
import { ServiceError } from '../protocol/json-rpc';
import type { PageBounds } from '../protocol/pager';
import { listPage } from '../protocol/pager';

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

/** Step Functions' pagination: maxResults 1 to 1000, 0 or absent meaning 100; a foreign token is InvalidToken. */
const PAGE_BOUNDS: PageBounds = {
  defaultSize: 100,
  max: 1000,
  zeroIsDefault: true,
  errorCode: 'ValidationException',
  tokenErrorCode: 'InvalidToken',
};

/** One page of a listing; `scope` ties the nextToken to the listing it came from. */
export function listingPage<T>(scope: string, items: T[], input: Record<string, unknown>): { items: T[]; nextToken?: string } {
  return listPage(scope, items, input, PAGE_BOUNDS);
}
