/** The part of mpd-parser (videojs) the engine's tests read; the package ships no types. */
declare module 'mpd-parser' {
  export interface ParsedSegment {
    uri: string;
    duration: number;
    map?: { uri: string };
  }
  export interface ParsedPlaylist {
    attributes: { RESOLUTION?: { width: number; height: number }; BANDWIDTH?: number; CODECS?: string };
    segments: ParsedSegment[];
  }
  export interface ParsedManifest {
    duration: number;
    playlists: ParsedPlaylist[];
    mediaGroups: { AUDIO: Record<string, Record<string, { playlists: ParsedPlaylist[] }>> };
  }
  export function parse(manifest: string, options?: { manifestUri?: string }): ParsedManifest;
}
