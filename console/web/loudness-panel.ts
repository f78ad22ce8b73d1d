/**
 * A loudness analysis: the chart of Input Max Loudness per track with the threshold line (drawn by
 * the loudness renderer), the loudness map (1 = audio, 0 = silent) and the layout it implies.
 */
import { LitElement, html } from 'lit';
import type { LoudnessResult } from '../../functions/shared/asset';
import { renderLoudnessChart } from './loudness/loudness-chart';

const LAYOUT_WORDS: Record<string, string> = {
  none: 'no audible track',
  mono: 'mono: one audible track',
  stereo: 'stereo: two audible tracks',
  '5.1': '5.1: six audible tracks',
  other: 'another layout',
};

class LoudnessPanel extends LitElement {
  static properties = { loudness: { attribute: false } };
  declare loudness: LoudnessResult | undefined;
  private drawn = '';

  createRenderRoot() {
    return this;
  }

  updated(): void {
    const root = this.querySelector<HTMLElement>('.loudness-chart');
    const key = JSON.stringify(this.loudness);
    // Drawn again only when the analysis changes, not on every poll.
    if (root && this.loudness && key !== this.drawn) {
      this.drawn = key;
      renderLoudnessChart(root, this.loudness);
    }
  }

  render() {
    const loudness = this.loudness;
    if (!loudness) return html``;
    return html`
      <section aria-labelledby="loudness-heading">
        <h2 id="loudness-heading">Loudness</h2>
        <p class="verdict">
          Layout: <strong data-layout=${loudness.layout}>${loudness.layout}</strong> (${LAYOUT_WORDS[loudness.layout] ?? loudness.layout}); a track
          whose Input Max Loudness is below ${loudness.thresholdDb} dB is silent.
        </p>
        <div class="loudness-chart"></div>
        <table class="loudness-map" aria-label="Loudness map">
          <thead>
            <tr>
              <th scope="col">Track</th>
              <th scope="col" class="number">Input Max Loudness</th>
              <th scope="col">Map</th>
            </tr>
          </thead>
          <tbody>
            ${loudness.maxLoudness.map(
              (value, index) =>
                html`<tr class=${loudness.loudnessMap[index] ? 'audible' : 'silent'}>
                  <td>${index + 1}</td>
                  <td class="number">${Number.isFinite(value) ? `${value.toFixed(1)} dB` : String(value)}</td>
                  <td>${loudness.loudnessMap[index]} (${loudness.loudnessMap[index] ? 'audio' : 'silent'})</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </section>
    `;
  }
}

customElements.define('vod-loudness-panel', LoudnessPanel);
