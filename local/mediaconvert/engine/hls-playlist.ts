/**
 * HLS playlists, as far as the engine needs them to fetch an HLS input: the variants of a
 * multivariant (master) playlist, and the files a media playlist references.
 */

export interface Variant {
  uri: string;
  bandwidth: number;
  /** The AUDIO rendition group it plays with, if any. */
  audioGroup?: string;
}

export interface MediaRendition {
  type: string;
  groupId: string;
  uri?: string;
}

export interface Playlist {
  /** A multivariant playlist lists variants; a media playlist lists segments. */
  variants: Variant[];
  renditions: MediaRendition[];
  /** Segment URIs and EXT-X-MAP URIs, in order, each once. */
  files: string[];
  ended: boolean;
  /** Encryption method other than NONE, if a segment is encrypted. */
  encryption?: string;
}

/** Attributes of a tag: `BANDWIDTH=1,CODECS="a,b"` -> { BANDWIDTH: '1', CODECS: 'a,b' }. */
function attributes(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const match of text.matchAll(/([A-Z0-9-]+)=("[^"]*"|[^,]*)/g)) {
    result[match[1]] = match[2].startsWith('"') ? match[2].slice(1, -1) : match[2];
  }
  return result;
}

export function parsePlaylist(text: string): Playlist {
  const playlist: Playlist = { variants: [], renditions: [], files: [], ended: false };
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  if (lines[0] !== '#EXTM3U') throw new SyntaxError('it does not start with #EXTM3U');
  const files = new Set<string>();
  let pendingVariant: Variant | undefined;
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    if (line.startsWith('#EXT-X-STREAM-INF:')) {
      const attrs = attributes(line.slice('#EXT-X-STREAM-INF:'.length));
      pendingVariant = { uri: '', bandwidth: Number(attrs.BANDWIDTH ?? 0), ...(attrs.AUDIO ? { audioGroup: attrs.AUDIO } : {}) };
    } else if (line.startsWith('#EXT-X-MEDIA:')) {
      const attrs = attributes(line.slice('#EXT-X-MEDIA:'.length));
      playlist.renditions.push({ type: attrs.TYPE ?? '', groupId: attrs['GROUP-ID'] ?? '', ...(attrs.URI ? { uri: attrs.URI } : {}) });
    } else if (line.startsWith('#EXT-X-MAP:')) {
      const uri = attributes(line.slice('#EXT-X-MAP:'.length)).URI;
      if (uri) files.add(uri);
    } else if (line.startsWith('#EXT-X-KEY:')) {
      const method = attributes(line.slice('#EXT-X-KEY:'.length)).METHOD;
      if (method && method !== 'NONE') playlist.encryption = method;
    } else if (line === '#EXT-X-ENDLIST') {
      playlist.ended = true;
    } else if (!line.startsWith('#')) {
      if (pendingVariant) {
        playlist.variants.push({ ...pendingVariant, uri: line });
        pendingVariant = undefined;
      } else {
        files.add(line);
      }
    }
  }
  playlist.files = [...files];
  return playlist;
}
