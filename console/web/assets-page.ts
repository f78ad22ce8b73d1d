/**
 * The assets page: a live list (polled every second) of one page of assets, newest first, with a
 * status filter (the status-updatedAt index), a search by id or key, paging and the upload box.
 */
import { LitElement, html, nothing } from 'lit';
import type { AssetPage } from '../shared/api-replies';
import { listAssets } from './api';
import { duration, statusClass, usd, when } from './format';
import { Poller } from './poller';
import { assetHref } from './routes';
import './upload-box';

const STATUSES = ['REGISTERED', 'PROBING', 'TRANSCODING', 'ANALYZING', 'COMPLETE', 'FAILED', 'REJECTED'];
export const PAGE_SIZE = 25;

class AssetsPage extends LitElement {
  static properties = {
    page: { state: true },
    status: { state: true },
    search: { state: true },
    cursors: { state: true },
    error: { state: true },
    loaded: { state: true },
  };
  declare page: AssetPage;
  declare status: string;
  declare search: string;
  /** The cursor of each page shown so far: the last is the current page's. */
  declare cursors: (string | undefined)[];
  declare error: string | undefined;
  declare loaded: boolean;
  private readonly poller: Poller;

  constructor() {
    super();
    this.page = { assets: [] };
    this.status = '';
    this.search = '';
    this.cursors = [undefined];
    this.error = undefined;
    this.loaded = false;
    this.poller = new Poller(this, () => this.refresh());
  }

  createRenderRoot() {
    return this;
  }

  private async refresh(): Promise<void> {
    const query = { status: this.status, q: this.search, cursor: this.cursors.at(-1), limit: PAGE_SIZE };
    try {
      const page = await listAssets(query);
      // An answer to a query the user has since changed is dropped.
      if (query.status !== this.status || query.q !== this.search || query.cursor !== this.cursors.at(-1)) return;
      this.page = page;
      this.error = undefined;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    } finally {
      this.loaded = true;
    }
  }

  private restart(): void {
    this.cursors = [undefined];
    this.poller.now();
  }

  private onStatus(event: Event) {
    this.status = (event.target as HTMLSelectElement).value;
    this.restart();
  }

  private onSearch(event: Event) {
    event.preventDefault();
    this.search = (this.querySelector<HTMLInputElement>('#asset-search')?.value ?? '').trim();
    this.restart();
  }

  private next() {
    if (!this.page.next) return;
    this.cursors = [...this.cursors, this.page.next];
    this.poller.now();
  }

  private previous() {
    if (this.cursors.length < 2) return;
    this.cursors = this.cursors.slice(0, -1);
    this.poller.now();
  }

  render() {
    const { assets } = this.page;
    const pageNumber = this.cursors.length;
    return html`
      <h1 tabindex="-1">Assets</h1>
      <vod-upload-box @uploaded=${() => this.poller.now()}></vod-upload-box>
      <form class="filters" role="search" @submit=${this.onSearch}>
        <label
          >Status
          <select id="status-filter" @change=${this.onStatus} .value=${this.status}>
            <option value="">All</option>
            ${STATUSES.map((status) => html`<option value=${status}>${status}</option>`)}
          </select>
        </label>
        <label
          >Search
          <input id="asset-search" type="search" placeholder="asset id or key" .value=${this.search} />
        </label>
        <button type="submit">Search</button>
      </form>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <table class="assets" aria-label="Assets">
        <thead>
          <tr>
            <th scope="col">Asset</th>
            <th scope="col">Status</th>
            <th scope="col">Branch</th>
            <th scope="col">Origin</th>
            <th scope="col">Source</th>
            <th scope="col" class="number">Duration</th>
            <th scope="col">Updated</th>
            <th scope="col" class="number">Redrives</th>
            <th scope="col" class="number">Est. cost</th>
          </tr>
        </thead>
        <tbody>
          ${assets.map(
            (asset) => html`
              <tr data-asset-id=${asset.assetId} data-status=${asset.status}>
                <td><a href=${assetHref(asset.assetId)}>${asset.assetId}</a></td>
                <td><span class=${statusClass(asset.status)}>${asset.status}</span></td>
                <td>${asset.branch ?? ''}</td>
                <td>${asset.origin}</td>
                <td class="source" title=${asset.sourceName}>${asset.sourceName}</td>
                <td class="number">${duration(asset.durationMs)}</td>
                <td><time datetime=${asset.updatedAt}>${when(asset.updatedAt)}</time></td>
                <td class="number">${asset.redriveCount || ''}</td>
                <td class="number">${usd(asset.estimatedUsd)}</td>
              </tr>
            `,
          )}
        </tbody>
      </table>
      ${
        this.loaded && assets.length === 0
          ? html`<p class="empty">
              ${this.search || this.status ? 'No asset matches.' : 'No assets yet: upload a file above, or run npm run demo.'}
            </p>`
          : nothing
      }
      <nav class="pager" aria-label="Pages of assets">
        <button type="button" ?disabled=${pageNumber < 2} @click=${this.previous}>Previous</button>
        <span>Page ${pageNumber}</span>
        <button type="button" ?disabled=${!this.page.next} @click=${this.next}>Next</button>
      </nav>
    `;
  }
}

customElements.define('vod-assets-page', AssetsPage);
