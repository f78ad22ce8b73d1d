/** Percent-decoding of URIs and keys, tolerant of what is not an escape. */

/** Decodes each run of valid `%XX` escapes, leaving a stray `%` (as in `100%.mp4`) as it is. */
export function percentDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        // Escapes that are not UTF-8 (`%E9` alone): keep them literal rather than guess a charset.
        return run;
      }
    });
  }
}
