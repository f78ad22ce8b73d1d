/** The pages' addresses: the URL's fragment names the page and what it shows. */

export type Route = { page: 'assets' } | { page: 'asset'; assetId: string } | { page: 'execution'; executionArn: string };

export function routeOf(hash: string): Route {
  const [, page, ...rest] = hash.replace(/^#/, '').split('/');
  let ref = '';
  try {
    ref = decodeURIComponent(rest.join('/'));
  } catch {
    // A malformed address shows the assets.
  }
  if (page === 'assets' && ref) return { page: 'asset', assetId: ref };
  if (page === 'executions' && ref) return { page: 'execution', executionArn: ref };
  return { page: 'assets' };
}

export const assetHref = (assetId: string) => `#/assets/${encodeURIComponent(assetId)}`;
export const executionHref = (executionArn: string) => `#/executions/${encodeURIComponent(executionArn)}`;
