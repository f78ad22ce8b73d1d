/** Paging the assets list: a total order (newest first, then by id) and cursors that name a place in it. */
import { BadListQuery, decodeCursor, encodeCursor, pageOf, parseListQuery } from '../../../console/server/asset-list';

const item = (assetId: string, updatedAt: string) => ({ assetId, updatedAt });

describe('pageOf', () => {
  const items = [
    item('a', '2026-01-01T00:00:01Z'),
    item('c', '2026-01-01T00:00:03Z'),
    item('b', '2026-01-01T00:00:03Z'),
    item('d', '2026-01-01T00:00:02Z'),
  ];

  it('orders newest first, ties by id, and says when more follow', () => {
    const { page, more } = pageOf(items, undefined, 3);

    expect(page.map((i) => i.assetId)).toEqual(['c', 'b', 'd']);
    expect(more).toBe(true);
  });

  it('continues after a cursor, also inside a group of equal times', () => {
    const { page, more } = pageOf(items, decodeCursor(encodeCursor(item('c', '2026-01-01T00:00:03Z'))), 3);

    expect(page.map((i) => i.assetId)).toEqual(['b', 'd', 'a']);
    expect(more).toBe(false);
  });
});

describe('parseListQuery', () => {
  it('reads status, search, cursor and limit', () => {
    expect(parseListQuery(new URLSearchParams('status=FAILED&q=%20clip%20&limit=10&cursor=abc'))).toEqual({
      status: 'FAILED',
      search: 'clip',
      cursor: 'abc',
      limit: 10,
    });
  });

  it.each(['status=DONE', 'limit=0', 'limit=1000', 'limit=ten'])('refuses %s', (query) => {
    expect(() => parseListQuery(new URLSearchParams(query))).toThrow(BadListQuery);
  });

  it('refuses a cursor it did not make', () => {
    expect(() => decodeCursor('not-a-cursor')).toThrow('The cursor is not one this console gave');
  });
});
