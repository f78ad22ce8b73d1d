/**
 * The console's pages, routed by the URL's fragment (the server serves one page):
 *   #/                          the assets
 *   #/assets/<assetId>          one asset
 *   #/executions/<arn>          one execution
 */
import { LitElement, html } from 'lit';
import './assets-page';
import type { Route } from './routes';
import { routeOf } from './routes';

/**
 * The asset and execution pages load on first visit: the players, the chart and the graph layout
 * are most of the bundle, and the assets page needs none of them.
 */
const PAGE_MODULES: Record<Exclude<Route['page'], 'assets'>, () => Promise<unknown>> = {
  asset: () => import('./asset-page'),
  execution: () => import('./execution-page'),
};

class VodConsole extends LitElement {
  static properties = { route: { state: true } };
  declare route: Route;

  constructor() {
    super();
    this.route = routeOf(location.hash);
  }

  private readonly onHash = () => {
    this.route = routeOf(location.hash);
    // The new page's heading takes the focus, so keyboard and screen-reader users land on it.
    void this.updateComplete.then(() => this.querySelector<HTMLElement>('h1')?.focus());
  };

  // Light DOM: one stylesheet for every page, and the renderers' own markup styled alike.
  createRenderRoot() {
    return this;
  }

  connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHash);
  }

  disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.onHash);
    super.disconnectedCallback();
  }

  render() {
    const route = this.route;
    // The element upgrades in place once its module has loaded.
    if (route.page !== 'assets') void PAGE_MODULES[route.page]();
    return html`
      <header class="bar">
        <a class="brand" href="#/">vod console</a>
        <nav aria-label="Pages"><a href="#/">Assets</a></nav>
      </header>
      <main>
        ${
          route.page === 'asset'
            ? html`<vod-asset-page .assetId=${route.assetId}></vod-asset-page>`
            : route.page === 'execution'
              ? html`<vod-execution-page .executionArn=${route.executionArn}></vod-execution-page>`
              : html`<vod-assets-page></vod-assets-page>`
        }
      </main>
    `;
  }
}

customElements.define('vod-console', VodConsole);
