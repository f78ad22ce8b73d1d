/**
 * One asset: its record made readable (source, probe with its tracks as a table, branch, jobs with
 * MediaConvert's live progress, outputs), an error with its cause and what to do, the player, the
 * loudness analysis, its execution, and the Redrive button of a FAILED asset. Polled every second.
 */
import { LitElement, html, nothing } from 'lit';
import type { AssetRecord, IvsSource, UploadSource } from '../../functions/shared/asset';
import type { AssetView, ExecutionSummary } from '../shared/api-replies';
import { ApiError, assetExecutions, getAsset, redrive } from './api';
import { bytes, duration, statusClass, usd, when } from './format';
import { Poller } from './poller';
import { executionHref } from './routes';

/** The players (hls.js, dash.js) and the chart load once a record needs them: the record shows first. */
let playerModule: Promise<unknown> | undefined;
let loudnessModule: Promise<unknown> | undefined;
const loadPlayer = () => (playerModule ??= import('./asset-player'));
const loadLoudness = () => (loudnessModule ??= import('./loudness-panel'));

const FINAL = ['COMPLETE', 'FAILED', 'REJECTED'];

class AssetPage extends LitElement {
  static properties = {
    assetId: {},
    view: { state: true },
    executions: { state: true },
    error: { state: true },
    redriving: { state: true },
    redriveMessage: { state: true },
  };
  declare assetId: string;
  declare view: AssetView | undefined;
  declare executions: ExecutionSummary[];
  declare error: string | undefined;
  /** Since when a redrive this page started is followed, until the asset is final again. */
  declare redriving: { since: string } | undefined;
  declare redriveMessage: string | undefined;
  private readonly poller: Poller;

  constructor() {
    super();
    this.assetId = '';
    this.view = undefined;
    this.executions = [];
    this.error = undefined;
    this.redriving = undefined;
    this.redriveMessage = undefined;
    this.poller = new Poller(this, () => this.refresh());
  }

  createRenderRoot() {
    return this;
  }

  /** The asset the page shows: set before or after the element upgrades (its module loads on first visit). */
  private shown = '';

  updated(changed: Map<string, unknown>): void {
    if (changed.has('assetId') && this.assetId && this.assetId !== this.shown) {
      if (this.shown) this.view = undefined;
      this.shown = this.assetId;
      this.poller.now();
    }
  }

  private async refresh(): Promise<void> {
    if (!this.assetId) return;
    const assetId = this.assetId;
    try {
      const [view, { executions }] = await Promise.all([getAsset(assetId), assetExecutions(assetId)]);
      if (assetId !== this.assetId) return;
      this.view = view;
      this.executions = executions;
      this.error = undefined;
      const since = this.redriving?.since;
      if (since && FINAL.includes(view.asset.status) && view.asset.updatedAt >= since) {
        this.redriving = undefined;
        this.redriveMessage = `The redrive ended: ${view.asset.status}.`;
      }
    } catch (error) {
      this.error =
        error instanceof ApiError && error.status === 404 ? `No asset ${assetId}.` : error instanceof Error ? error.message : String(error);
    }
  }

  private dialog(): HTMLDialogElement | null {
    return this.querySelector<HTMLDialogElement>('#redrive-dialog');
  }

  private askRedrive() {
    this.dialog()?.showModal();
  }

  private async confirmRedrive() {
    this.dialog()?.close();
    const since = new Date().toISOString();
    try {
      const { redriveDate } = await redrive(this.assetId);
      this.redriving = { since };
      this.redriveMessage = `Redriven at ${when(redriveDate)}: following the execution until the asset is final.`;
      this.poller.now();
    } catch (error) {
      this.redriveMessage = `The redrive was refused: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  private renderSource(asset: AssetRecord) {
    const source = asset.source;
    const ivs = 'prefix' in source ? (source as IvsSource) : undefined;
    const upload = ivs ? undefined : (source as UploadSource);
    return html`
      <section aria-labelledby="source-heading">
        <h2 id="source-heading">Source</h2>
        <dl>
          <dt>Origin</dt>
          <dd>${asset.origin}</dd>
          <dt>Location</dt>
          <dd><code>s3://${source.bucket}/${ivs ? ivs.prefix : upload?.key}</code></dd>
          ${
            upload?.size !== undefined
              ? html`<dt>Size</dt>
                  <dd>${bytes(upload.size)}</dd>`
              : nothing
          }
          ${
            ivs
              ? html`<dt>Channel</dt>
                  <dd><code>${ivs.channelArn}</code></dd>`
              : nothing
          }
          ${
            ivs?.recordingSessionId
              ? html`<dt>Recording session</dt>
                  <dd>${ivs.recordingSessionId}</dd>`
              : nothing
          }
          <dt>Branch</dt>
          <dd>${asset.branch ?? 'not chosen yet'}</dd>
          <dt>Created</dt>
          <dd>${when(asset.createdAt)}</dd>
          <dt>Updated</dt>
          <dd>${when(asset.updatedAt)}</dd>
          ${
            asset.cost
              ? html`<dt>Estimated cost</dt>
                  <dd>${usd(asset.cost.estimatedUsd)} <small>(${asset.cost.priceTable})</small></dd>`
              : nothing
          }
        </dl>
      </section>
    `;
  }

  private renderProbe(asset: AssetRecord) {
    const probe = asset.probe;
    if (!probe) return nothing;
    const video = probe.video;
    return html`
      <section aria-labelledby="probe-heading">
        <h2 id="probe-heading">Probe</h2>
        <dl>
          <dt>Container</dt>
          <dd>${probe.container}</dd>
          <dt>Duration</dt>
          <dd>${duration(probe.durationMs)}</dd>
          ${
            video
              ? html`<dt>Video</dt>
                  <dd>
                    ${video.codec}
                    ${video.width}×${video.height}${video.frameRate ? ` at ${video.frameRate} fps` : ''}${
                      video.bitrate ? `, ${Math.round(video.bitrate / 1000)} kb/s` : ''
                    }${video.rotation ? `, rotated ${video.rotation}°` : ''}
                  </dd>`
              : html`<dt>Video</dt>
                  <dd>none</dd>`
          }
        </dl>
        <table class="tracks" aria-label="Audio tracks">
          <thead>
            <tr>
              <th scope="col">Track</th>
              <th scope="col">Codec</th>
              <th scope="col">Channels</th>
              <th scope="col">Sample rate</th>
            </tr>
          </thead>
          <tbody>
            ${probe.audioTracks.map(
              (track) =>
                html`<tr>
                  <td>${track.index}</td>
                  <td>${track.codec}</td>
                  <td>${track.channels}</td>
                  <td>${track.sampleRate} Hz</td>
                </tr>`,
            )}
            ${
              probe.audioTracks.length === 0
                ? html`<tr>
                    <td colspan="4">No audio tracks</td>
                  </tr>`
                : nothing
            }
          </tbody>
        </table>
      </section>
    `;
  }

  private renderJobs(view: AssetView) {
    const jobs = view.asset.jobs ?? [];
    if (jobs.length === 0) return nothing;
    return html`
      <section aria-labelledby="jobs-heading">
        <h2 id="jobs-heading">MediaConvert jobs</h2>
        <table class="jobs">
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Template</th>
              <th scope="col">Status</th>
              <th scope="col">Progress</th>
              <th scope="col">Submitted</th>
              <th scope="col">Completed</th>
              <th scope="col" class="number">Est. cost</th>
            </tr>
          </thead>
          <tbody>
            ${jobs.map((job) => {
              const percent = view.progress?.jobId === job.jobId ? view.progress.percent : job.status === 'COMPLETE' ? 100 : undefined;
              return html`
                <tr data-job-id=${job.jobId}>
                  <td><code>${job.jobId}</code></td>
                  <td>${job.template}</td>
                  <td>
                    <span class=${statusClass(job.status)}>${job.status}</span
                    >${job.errorMessage ? html`<div class="cause">${job.errorCode}: ${job.errorMessage}</div>` : nothing}
                  </td>
                  <td>
                    ${percent !== undefined ? html`<progress max="100" .value=${percent} aria-label="Job progress">${percent}%</progress> ${percent}%` : ''}
                  </td>
                  <td>${when(job.submittedAt)}</td>
                  <td>${when(job.completedAt)}</td>
                  <td class="number">${usd(job.estimatedCostUsd)}</td>
                </tr>
              `;
            })}
          </tbody>
        </table>
      </section>
    `;
  }

  private renderOutputs(asset: AssetRecord) {
    const outputs = Object.entries(asset.outputs ?? {}).filter(([, value]) => typeof value === 'string');
    if (outputs.length === 0) return nothing;
    return html`
      <section aria-labelledby="outputs-heading">
        <h2 id="outputs-heading">Outputs</h2>
        <dl>
          ${outputs.map(
            ([name, uri]) =>
              html`<dt>${name}</dt>
                <dd><code>${uri}</code></dd>`,
          )}
        </dl>
        ${asset.outputs?.audio === false ? html`<p class="note">The ladder is video only: the source had no audio.</p>` : nothing}
      </section>
    `;
  }

  private renderError(view: AssetView) {
    const error = view.asset.error;
    if (!error || (view.asset.status !== 'FAILED' && view.asset.status !== 'REJECTED')) return nothing;
    return html`
      <section class="failure" role="alert" aria-labelledby="error-heading">
        <h2 id="error-heading">${view.asset.status === 'FAILED' ? 'Failed' : 'Rejected'} at ${error.state}</h2>
        <p class="error-name"><code>${error.error}</code></p>
        <pre class="cause">${error.cause}</pre>
        ${view.advice ? html`<p class="advice"><strong>What to do:</strong> ${view.advice}</p>` : nothing}
      </section>
    `;
  }

  private renderExecutions() {
    if (this.executions.length === 0) return nothing;
    return html`
      <section aria-labelledby="executions-heading">
        <h2 id="executions-heading">Execution</h2>
        <ul class="executions">
          ${this.executions.map(
            (execution) =>
              html`<li>
                <a href=${executionHref(execution.executionArn)}>${execution.name ?? execution.executionArn}</a>
                <span class=${statusClass(execution.status)}>${execution.status}</span>
                started
                ${when(execution.startDate)}${execution.redriveCount ? html`, redriven ${execution.redriveCount}× (last ${when(execution.redriveDate)})` : nothing}
              </li>`,
          )}
        </ul>
      </section>
    `;
  }

  render() {
    if (this.error && !this.view)
      return html`<h1 tabindex="-1">Asset ${this.assetId}</h1>
        <p class="error" role="alert">${this.error}</p>`;
    const view = this.view;
    if (!view)
      return html`<h1 tabindex="-1">Asset ${this.assetId}</h1>
        <p>Loading…</p>`;
    const asset = view.asset;
    const live = !FINAL.includes(asset.status) || this.redriving;
    if (Object.keys(view.playback).length > 0) void loadPlayer();
    if (asset.loudness) void loadLoudness();
    return html`
      <p><a href="#/">← Assets</a></p>
      <h1 tabindex="-1">Asset <code>${asset.assetId}</code></h1>
      <p class="summary" aria-live="polite">
        <span class=${statusClass(asset.status)} data-testid="asset-status">${asset.status}</span>
        ${live && view.state ? html` · ${view.state}` : nothing} ${view.progress ? html` · MediaConvert ${view.progress.percent}%` : nothing}
        ${asset.redriveCount ? html` · redriven ${asset.redriveCount}×` : nothing}
      </p>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.redriveMessage ? html`<p class="note" role="status">${this.redriveMessage}</p>` : nothing} ${this.renderError(view)}
      ${asset.status === 'FAILED' && !this.redriving ? html`<p><button type="button" class="primary" @click=${this.askRedrive}>Redrive</button></p>` : nothing}
      <dialog id="redrive-dialog" aria-labelledby="redrive-dialog-heading">
        <h2 id="redrive-dialog-heading">Redrive ${asset.assetId}?</h2>
        <p>The execution resumes at ${asset.error?.state ?? 'the state that failed'}. Fix its cause first, or it fails again.</p>
        <div class="actions">
          <button type="button" class="primary" @click=${this.confirmRedrive}>Confirm redrive</button>
          <button type="button" @click=${() => this.dialog()?.close()}>Cancel</button>
        </div>
      </dialog>
      ${
        Object.keys(view.playback).length > 0
          ? html`<section aria-labelledby="player-heading">
              <h2 id="player-heading">Player</h2>
              <vod-asset-player .playback=${view.playback}></vod-asset-player>
            </section>`
          : nothing
      }
      ${asset.loudness ? html`<vod-loudness-panel .loudness=${asset.loudness}></vod-loudness-panel>` : nothing}
      <div class="columns">${this.renderSource(asset)} ${this.renderProbe(asset)}</div>
      ${this.renderJobs(view)} ${this.renderOutputs(asset)} ${this.renderExecutions()}
    `;
  }
}

customElements.define('vod-asset-page', AssetPage);
