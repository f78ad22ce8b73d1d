/**
 * One execution: the state machine graph coloured by what it did, its history and its redrives,
 * drawn by the execution renderer from the ExecutionView the API gives; polled every second and
 * drawn again when the execution moved.
 */
import { LitElement, html, nothing } from 'lit';
import type { ExecutionView } from './execution/execution-view';
import { renderExecution } from './execution/execution-view';
import { getExecution } from './api';
import { Poller } from './poller';

class ExecutionPage extends LitElement {
  static properties = { executionArn: {}, error: { state: true }, status: { state: true } };
  declare executionArn: string;
  declare error: string | undefined;
  declare status: string | undefined;
  private drawn = '';
  private readonly poller: Poller;

  constructor() {
    super();
    this.executionArn = '';
    this.error = undefined;
    this.status = undefined;
    this.poller = new Poller(this, () => this.refresh());
  }

  createRenderRoot() {
    return this;
  }

  private async refresh(): Promise<void> {
    const arn = this.executionArn;
    if (!arn) return;
    try {
      const view = await getExecution<ExecutionView>(arn);
      if (arn !== this.executionArn) return;
      this.error = undefined;
      this.status = String(view.execution.status ?? '');
      const key = `${arn} ${view.execution.status} ${view.execution.redriveCount ?? 0} ${view.events.length}`;
      const root = this.querySelector<HTMLElement>('.execution-view');
      if (root && key !== this.drawn) {
        this.drawn = key;
        renderExecution(root, view);
      }
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  /** The execution the page shows: set before or after the element upgrades (its module loads on first visit). */
  private shown = '';

  updated(changed: Map<string, unknown>): void {
    if (changed.has('executionArn') && this.executionArn && this.executionArn !== this.shown) {
      this.shown = this.executionArn;
      this.drawn = '';
      this.poller.now();
    }
  }

  render() {
    const name = this.executionArn.split(':').at(-1);
    return html`
      <p><a href="#/">← Assets</a></p>
      <h1 tabindex="-1">Execution <code>${name}</code></h1>
      <p class="summary" aria-live="polite">${this.status ?? 'Loading…'}</p>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <div class="execution-view" data-execution-arn=${this.executionArn}></div>
    `;
  }
}

customElements.define('vod-execution-page', ExecutionPage);
