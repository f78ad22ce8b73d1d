/**
 * A job template edited into a shape its branch cannot fill in fails the submit with a
 * JobTemplateError that names the asset, the state, the file to fix and the redrive, and never
 * reaches MediaConvert.
 */
import type { JobSettings } from '@aws-sdk/client-mediaconvert';
import type { Branch } from '../../../functions/shared/asset';
import { buildJobSettings } from '../../../functions/submit-job/job-settings';
import { JobTemplateError, TEMPLATES } from '../../../functions/submit-job/templates';
import { config, probeOf, recording, stereoTracks, upload } from './support';

const originals = structuredClone(TEMPLATES);

afterEach(() => {
  for (const branch of Object.keys(originals) as Branch[]) TEMPLATES[branch] = structuredClone(originals[branch]);
});

const jobs = {
  dash: { assetId: 'clip-0123456789abcdef', state: 'SubmitDashJob', source: upload, probe: probeOf() },
  stitch: {
    assetId: 'ivs-rec-1-0123456789abcdef',
    state: 'SubmitStitchJob',
    source: recording,
    probe: probeOf({ video: { codec: 'AVC', width: 1280, height: 720 } }),
    prerollMs: 5000,
  },
  loudness: {
    assetId: 'show-01-0123456789abcdef',
    state: 'SubmitLoudnessJob',
    source: { bucket: 'vod-ingest', key: 'mezzanine/show 01.mxf' },
    probe: probeOf({ audioTracks: stereoTracks(8) }),
  },
};

const FILES: Record<Branch, RegExp> = {
  dash: /job-templates\/dash-abr\.json/,
  stitch: /job-templates\/stitch\.json/,
  loudness: /job-templates\/loudness\.json/,
};

/** Replaces the branch's template settings with what `edit` makes of a copy. */
function editTemplate(branch: Branch, edit: (settings: JobSettings) => void): void {
  const settings = structuredClone(originals[branch].Settings);
  edit(settings);
  TEMPLATES[branch] = { ...originals[branch], Settings: settings };
}

function thrownBy(branch: Branch): Error {
  try {
    buildJobSettings(branch, jobs[branch], config);
  } catch (error) {
    return error as Error;
  }
  throw new Error(`the ${branch} template was accepted`);
}

const firstGroupOf = (settings: JobSettings, type: string) => settings.OutputGroups!.find((group) => group.OutputGroupSettings?.Type === type)!;

describe('a malformed job template', () => {
  it.each<[string, Branch, (settings: JobSettings) => void, RegExp]>([
    ['dash with two inputs', 'dash', (s) => s.Inputs!.push(structuredClone(s.Inputs![0])), /2 inputs where the upload needs exactly one/],
    ['dash without inputs', 'dash', (s) => delete s.Inputs, /0 inputs where the upload needs exactly one/],
    [
      'dash without its CMAF group',
      'dash',
      (s) => (s.OutputGroups = s.OutputGroups!.filter((g) => g.OutputGroupSettings?.Type !== 'CMAF_GROUP_SETTINGS')),
      /no CMAF_GROUP_SETTINGS output group \(packaging cmaf\)/,
    ],
    [
      'dash without its thumbnails group',
      'dash',
      (s) => (s.OutputGroups = s.OutputGroups!.filter((g) => g.Outputs![0].NameModifier !== '_thumb')),
      /no file group with one FRAME_CAPTURE output named _thumb/,
    ],
    [
      'stitch without its proxy group',
      'stitch',
      (s) => (firstGroupOf(s, 'FILE_GROUP_SETTINGS').OutputGroupSettings!.Type = 'HLS_GROUP_SETTINGS'),
      /no FILE_GROUP_SETTINGS output group for the proxy/,
    ],
    ['stitch with two inputs', 'stitch', (s) => s.Inputs!.pop(), /three inputs \(pre-roll, recording, post-roll\)/],
    ['stitch without the overlay', 'stitch', (s) => delete s.Inputs![1].ImageInserter, /overlay image on the second/],
    [
      'stitch with an unpositioned overlay',
      'stitch',
      (s) => delete s.Inputs![1].ImageInserter!.InsertableImages![0].ImageX,
      /every overlay image needs ImageX, ImageY, Width and Height/,
    ],
    ['loudness without an audio selector', 'loudness', (s) => delete s.Inputs![0].AudioSelectors, /one input with an audio selector/],
    ['loudness without outputs', 'loudness', (s) => (s.OutputGroups![0].Outputs = []), /one file output with an audio description/],
    [
      'loudness with a non-AAC audio description',
      'loudness',
      (s) => (s.OutputGroups![0].Outputs![0].AudioDescriptions![0].CodecSettings = { Codec: 'MP3', Mp3Settings: { Bitrate: 96000 } }),
      /audio description must be AAC/,
    ],
  ])('%s: a JobTemplateError naming the asset, the state, the file and the redrive', (_, branch, edit, problem) => {
    // Prepare
    editTemplate(branch, edit);

    // Act
    const error = thrownBy(branch);

    // Assess
    expect(error).toBeInstanceOf(JobTemplateError);
    expect(error.name).toBe('JobTemplateError');
    expect(error.message).toMatch(problem);
    expect(error.message).toContain(`Asset ${jobs[branch].assetId} (${jobs[branch].state})`);
    expect(error.message).toMatch(FILES[branch]);
    expect(error.message).toMatch(/deploy it, then redrive the execution/);
  });
});
