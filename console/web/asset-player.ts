/**
 * The player: HLS through hls.js, DASH through dash.js, or the proxy MP4 in the browser's own
 * player, with the poster, a rendition switch, and a scrub bar that previews the thumbnails track.
 */
import { LitElement, html, nothing } from 'lit';
import Hls from 'hls.js';
import { MediaPlayer } from 'dashjs';
import type { MediaPlayerClass } from 'dashjs';
import type { Playback } from '../../functions/shared/asset';
import type { ThumbnailCue } from './vtt-thumbnails';
import { cueAt, parseThumbnailsVtt } from './vtt-thumbnails';

type Source = 'hls' | 'dash' | 'proxy';

interface Rendition {
  id: string;
  label: string;
}

const SOURCE_NAMES: Record<Source, string> = { hls: 'HLS (hls.js)', dash: 'DASH (dash.js)', proxy: 'Proxy MP4' };

class AssetPlayer extends LitElement {
  static properties = {
    playback: { attribute: false },
    source: { state: true },
    renditions: { state: true },
    rendition: { state: true },
    time: { state: true },
    length: { state: true },
    preview: { state: true },
    problem: { state: true },
  };
  declare playback: Playback;
  declare source: Source | undefined;
  declare renditions: Rendition[];
  /** 'auto' or a rendition id. */
  declare rendition: string;
  declare time: number;
  declare length: number;
  declare preview: { cue: ThumbnailCue; left: number } | undefined;
  declare problem: string | undefined;
  private hls: Hls | undefined;
  private dash: MediaPlayerClass | undefined;
  private cues: ThumbnailCue[] = [];
  private loaded = '';

  constructor() {
    super();
    this.playback = {};
    this.source = undefined;
    this.renditions = [];
    this.rendition = 'auto';
    this.time = 0;
    this.length = 0;
    this.preview = undefined;
    this.problem = undefined;
  }

  createRenderRoot() {
    return this;
  }

  private video(): HTMLVideoElement {
    return this.querySelector('video') as HTMLVideoElement;
  }

  private sources(): Source[] {
    return (['hls', 'dash', 'proxy'] as const).filter((name) => this.playback[name]);
  }

  disconnectedCallback(): void {
    this.detach();
    super.disconnectedCallback();
  }

  private detach() {
    this.hls?.destroy();
    this.hls = undefined;
    this.dash?.destroy();
    this.dash = undefined;
  }

  updated(changed: Map<string, unknown>): void {
    // The record is polled every second: the player reloads only when its URLs change.
    const key = JSON.stringify(this.playback);
    if (changed.has('playback') && key !== this.loaded) {
      this.loaded = key;
      void this.loadThumbnails();
      this.load(this.source && this.playback[this.source] ? this.source : this.sources()[0]);
    }
  }

  private async loadThumbnails() {
    const url = this.playback.thumbnails;
    this.cues = [];
    if (!url) return;
    try {
      const response = await fetch(url);
      if (response.ok) this.cues = parseThumbnailsVtt(await response.text(), url);
    } catch {
      // No preview: the scrub bar still seeks.
    }
  }

  private load(source: Source | undefined) {
    this.detach();
    this.source = source;
    this.renditions = [];
    this.rendition = 'auto';
    this.problem = undefined;
    const video = this.video();
    if (!video || !source) return;
    const url = this.playback[source]!;
    if (source === 'hls') {
      if (Hls.isSupported()) {
        const hls = new Hls();
        this.hls = hls;
        hls.on(Hls.Events.MANIFEST_PARSED, () => {
          this.renditions = hls.levels.map((level, index) => ({
            id: String(index),
            label: `${level.height}p · ${Math.round(level.bitrate / 1000)} kb/s`,
          }));
        });
        hls.on(Hls.Events.ERROR, (_event, data) => {
          if (data.fatal) this.problem = `hls.js: ${data.details}`;
        });
        hls.loadSource(url);
        hls.attachMedia(video);
      } else {
        video.src = url;
      }
    } else if (source === 'dash') {
      const dash = MediaPlayer().create();
      this.dash = dash;
      dash.on('streamInitialized', () => {
        this.renditions = dash.getRepresentationsByType('video').map((representation) => ({
          id: String(representation.id),
          label: `${representation.height}p · ${Math.round((representation.bandwidth ?? 0) / 1000)} kb/s`,
        }));
      });
      dash.on('error', (event: unknown) => {
        const error = (event as { error?: { message?: string } }).error;
        this.problem = `dash.js: ${error?.message ?? 'playback error'}`;
      });
      dash.initialize(video, url, false);
    } else {
      video.src = url;
    }
  }

  private chooseRendition(event: Event) {
    const value = (event.target as HTMLSelectElement).value;
    this.rendition = value;
    if (this.hls) {
      this.hls.currentLevel = value === 'auto' ? -1 : Number(value);
    } else if (this.dash) {
      const auto = value === 'auto';
      this.dash.updateSettings({ streaming: { abr: { autoSwitchBitrate: { video: auto } } } });
      if (!auto) this.dash.setRepresentationForTypeById('video', value, true);
    }
  }

  private onTime() {
    const video = this.video();
    this.time = video.currentTime;
    this.length = Number.isFinite(video.duration) ? video.duration : 0;
  }

  private seek(event: Event) {
    const value = Number((event.target as HTMLInputElement).value);
    this.video().currentTime = value;
    this.showPreview(value, event.target as HTMLInputElement);
  }

  private hover(event: PointerEvent) {
    const bar = event.currentTarget as HTMLInputElement;
    const box = bar.getBoundingClientRect();
    const share = Math.min(1, Math.max(0, (event.clientX - box.left) / box.width));
    this.showPreview(share * this.length, bar);
  }

  private showPreview(time: number, bar: HTMLInputElement) {
    const cue = cueAt(this.cues, time);
    const share = this.length > 0 ? time / this.length : 0;
    this.preview = cue ? { cue, left: share * bar.clientWidth } : undefined;
  }

  render() {
    const sources = this.sources();
    const preview = this.preview;
    return html`
      <div class="player">
        <video
          controls
          muted
          playsinline
          crossorigin="anonymous"
          poster=${this.playback.poster ?? nothing}
          data-source=${this.source ?? nothing}
          @timeupdate=${this.onTime}
          @durationchange=${this.onTime}
          @loadedmetadata=${this.onTime}
        ></video>
        <div class="scrub">
          ${
            preview
              ? html`<img class="thumbnail" alt="" src=${preview.cue.image.split('#')[0]} style="left: ${Math.round(preview.left)}px" />`
              : nothing
          }
          <input
            type="range"
            aria-label="Seek"
            min="0"
            max=${this.length || 0}
            step="0.1"
            .value=${String(this.time)}
            @input=${this.seek}
            @pointermove=${this.hover}
            @pointerleave=${() => (this.preview = undefined)}
            @blur=${() => (this.preview = undefined)}
          />
        </div>
        <div class="player-controls">
          <label
            >Source
            <select @change=${(event: Event) => this.load((event.target as HTMLSelectElement).value as Source)} .value=${this.source ?? ''}>
              ${sources.map((name) => html`<option value=${name} ?selected=${name === this.source}>${SOURCE_NAMES[name]}</option>`)}
            </select>
          </label>
          ${
            this.source !== 'proxy'
              ? html`<label
                  >Rendition
                  <select @change=${this.chooseRendition} .value=${this.rendition}>
                    <option value="auto">Automatic</option>
                    ${this.renditions.map((r) => html`<option value=${r.id} ?selected=${r.id === this.rendition}>${r.label}</option>`)}
                  </select>
                </label>`
              : nothing
          }
          <span class="time">${this.time.toFixed(1)} / ${this.length.toFixed(1)} s</span>
        </div>
        ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
      </div>
    `;
  }
}

customElements.define('vod-asset-player', AssetPlayer);
