/**
 * The upload box: a file dropped on it or chosen goes to the ingest bucket as `vod ingest` would
 * send it (same default key, same pre-check, same refusal message). Fires `uploaded` when done.
 */
import { LitElement, html, nothing } from 'lit';
import { upload } from './api';
import { bytes } from './format';

class UploadBox extends LitElement {
  static properties = { message: { state: true }, failed: { state: true }, busy: { state: true }, over: { state: true } };
  declare message: string;
  declare failed: boolean;
  declare busy: boolean;
  declare over: boolean;

  constructor() {
    super();
    this.message = '';
    this.failed = false;
    this.busy = false;
    this.over = false;
  }

  createRenderRoot() {
    return this;
  }

  private async send(file: File) {
    const keyInput = this.querySelector<HTMLInputElement>('#upload-key');
    const key = keyInput?.value.trim() || `uploads/${file.name}`;
    this.busy = true;
    this.failed = false;
    this.message = `Uploading ${file.name} (${bytes(file.size)}) to ${key}…`;
    try {
      const { bucket } = await upload(file, key);
      this.message = `Uploaded ${file.name} to s3://${bucket}/${key}: its asset appears below once registered.`;
      this.dispatchEvent(new CustomEvent('uploaded', { bubbles: true }));
    } catch (error) {
      this.failed = true;
      this.message = error instanceof Error ? error.message : String(error);
    } finally {
      this.busy = false;
    }
  }

  private onChoose(event: Event) {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file) void this.send(file);
    input.value = '';
  }

  private onDrop(event: DragEvent) {
    event.preventDefault();
    this.over = false;
    const file = event.dataTransfer?.files?.[0];
    if (file) void this.send(file);
  }

  private onDragOver(event: DragEvent) {
    event.preventDefault();
    this.over = true;
  }

  render() {
    return html`
      <section
        class="upload ${this.over ? 'over' : ''}"
        aria-label="Upload"
        @dragover=${this.onDragOver}
        @dragleave=${() => (this.over = false)}
        @drop=${this.onDrop}
      >
        <p>Drop a media file here, or</p>
        <label class="button"
          >Choose a file<input id="upload-file" type="file" class="visually-hidden" ?disabled=${this.busy} @change=${this.onChoose}
        /></label>
        <label>Key <input id="upload-key" type="text" placeholder="uploads/<file name>" /></label>
        ${this.message ? html`<p class=${this.failed ? 'error' : 'note'} role=${this.failed ? 'alert' : 'status'}>${this.message}</p>` : nothing}
      </section>
    `;
  }
}

customElements.define('vod-upload-box', UploadBox);
