/** The one pager of the local services: page sizes within bounds, opaque tokens tied to their listing. */
import { AwsError } from '../../../../local/protocol/aws-error';
import type { PageBounds } from '../../../../local/protocol/pager';
import { listPage, pageToken } from '../../../../local/protocol/pager';

const BOUNDS: PageBounds = { defaultSize: 3, max: 5, errorCode: 'BadRequestException' };
const ITEMS = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

function thrown(action: () => unknown): AwsError {
  try {
    action();
  } catch (error) {
    if (error instanceof AwsError) return error;
    throw error;
  }
  throw new Error('no error thrown');
}

describe('listPage', () => {
  it('serves the default page size, then the rest through nextTokens, and no token after the last page', () => {
    // Act
    const first = listPage('jobs', ITEMS, {}, BOUNDS);
    const second = listPage('jobs', ITEMS, { nextToken: first.nextToken }, BOUNDS);
    const third = listPage('jobs', ITEMS, { nextToken: second.nextToken }, BOUNDS);

    // Assess
    expect([first.items, second.items, third.items]).toEqual([['a', 'b', 'c'], ['d', 'e', 'f'], ['g']]);
    expect(third.nextToken).toBeUndefined();
  });

  it('takes maxResults as a number or as a query string, up to the bound', () => {
    // Act
    const numeric = listPage('jobs', ITEMS, { maxResults: 5 }, BOUNDS);
    const text = listPage('jobs', ITEMS, { maxResults: '2' }, BOUNDS);

    // Assess
    expect(numeric.items).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(text.items).toEqual(['a', 'b']);
  });

  it.each([0, 6, -1, 2.5, 'ten', true])('refuses maxResults %p with the service error code and the bounds', (maxResults) => {
    // Act
    const error = thrown(() => listPage('jobs', ITEMS, { maxResults }, BOUNDS));

    // Assess
    expect(error).toMatchObject({ code: 'BadRequestException', status: 400 });
    expect(error.message).toMatch(/from 1 to 5/);
  });

  it('reads maxResults 0 as the default where the service does (Step Functions)', () => {
    // Act
    const page = listPage('executions', ITEMS, { maxResults: 0 }, { ...BOUNDS, zeroIsDefault: true });

    // Assess
    expect(page.items).toHaveLength(3);
  });

  it('refuses a token of another listing, a forged one and garbage, with the token error code', () => {
    // Prepare
    const bounds = { ...BOUNDS, tokenErrorCode: 'InvalidToken' };
    const other = listPage('templates', ITEMS, {}, bounds).nextToken;

    // Act
    const errors = [other, pageToken('jobs', -3), 'not a token'].map((nextToken) => thrown(() => listPage('jobs', ITEMS, { nextToken }, bounds)));

    // Assess
    for (const error of errors) {
      expect(error.code).toBe('InvalidToken');
      expect(error.message).toMatch(/not a nextToken of this listing/);
    }
  });

  it('returns an empty page for a token past a listing that shrank', () => {
    // Act
    const page = listPage('jobs', ['a'], { nextToken: pageToken('jobs', 3) }, BOUNDS);

    // Assess
    expect(page).toEqual({ items: [] });
  });
});
