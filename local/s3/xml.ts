/**
 * Text for S3's XML documents. Besides the five markup characters, control characters are written
 * as character references: keys may hold any of them, and a parser would otherwise drop or
 * normalise them (a CR becomes a LF).
 */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this replaces
  return text.replace(/[&<>"']|[\u0000-\u001f\u007f]/g, (ch) => ESCAPES[ch] ?? `&#x${ch.charCodeAt(0).toString(16)};`);
}

/** An S3 error document, as S3 sends it. */
export function errorXml(code: string, message: string, detail: Record<string, string | number | undefined> = {}): string {
  const fields = Object.entries(detail)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `<${name}>${escapeXml(String(value))}</${name}>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message>${fields}</Error>`;
}
