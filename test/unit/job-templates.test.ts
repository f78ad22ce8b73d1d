/**
 * The job templates against the official API shapes: each file is type-checked, as a literal, as a
 * CreateJobTemplateRequest of @aws-sdk/client-mediaconvert, so a misspelled member or an enum value
 * MediaConvert does not know is a compile error. The check runs in memory: the files it compiles
 * are served by the compiler host, nothing is written.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { NAME_MODIFIERS } from '../../functions/shared/output-layout';
import { isJobTemplateFile } from '../../infra/wiring';

const ROOT = path.resolve(__dirname, '..', '..');
const TEMPLATES_DIR = path.join(ROOT, 'job-templates');
// Virtual sources live inside the repository so `@aws-sdk/client-mediaconvert` resolves from node_modules.
const VIRTUAL_DIR = path.join(ROOT, 'test', 'unit', '__job-template-checks__');

const templateFiles = fs.readdirSync(TEMPLATES_DIR).filter(isJobTemplateFile).sort();

function checkSource(json: string): string {
  return [
    "import type { CreateJobTemplateRequest } from '@aws-sdk/client-mediaconvert';",
    `export const template: CreateJobTemplateRequest = ${json};`,
    '',
  ].join('\n');
}

type Template = { Settings: { OutputGroups: { OutputGroupSettings: { Type: string; [k: string]: unknown }; Outputs: Record<string, unknown>[] }[] } };

/** Known-bad variants of the dash template: the check must name what is wrong in each. */
function mutated(mutate: (template: Template) => void): string {
  const template = JSON.parse(fs.readFileSync(path.join(TEMPLATES_DIR, 'dash-abr.json'), 'utf8')) as Template;
  mutate(template);
  return JSON.stringify(template, null, 2);
}

const negativeCases: Record<string, { source: string; expected: string[] }> = {
  'misspelled-member': {
    source: mutated((t) => {
      const group = t.Settings.OutputGroups.find((g) => g.OutputGroupSettings.Type === 'DASH_ISO_GROUP_SETTINGS')!;
      const settings = group.OutputGroupSettings.DashIsoGroupSettings as Record<string, unknown>;
      settings.SegmentLenght = settings.SegmentLength;
      delete settings.SegmentLength;
    }),
    expected: ['SegmentLenght', 'DashIsoGroupSettings'],
  },
  'misspelled-cmaf-member': {
    source: mutated((t) => {
      const group = t.Settings.OutputGroups.find((g) => g.OutputGroupSettings.Type === 'CMAF_GROUP_SETTINGS')!;
      const settings = group.OutputGroupSettings.CmafGroupSettings as Record<string, unknown>;
      settings.WriteHlsManifests = settings.WriteHlsManifest;
      delete settings.WriteHlsManifest;
    }),
    expected: ['WriteHlsManifests', 'CmafGroupSettings'],
  },
  'unknown-enum-value': {
    source: mutated((t) => {
      const video = t.Settings.OutputGroups[0].Outputs[0].VideoDescription as { CodecSettings: { Codec: string } };
      video.CodecSettings.Codec = 'H264';
    }),
    expected: ['"H264"', 'VideoCodec'],
  },
};

/** One program for every file: templates and negative cases; diagnostics per virtual file. */
function typeCheck(sources: Record<string, string>): Record<string, string[]> {
  const files = new Map(Object.entries(sources).map(([name, json]) => [path.join(VIRTUAL_DIR, `${name}.ts`), checkSource(json)]));
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (file) => files.has(path.resolve(file)) || fileExists.call(host, file);
  host.readFile = (file) => files.get(path.resolve(file)) ?? readFile.call(host, file);
  host.getSourceFile = (file, languageVersion, ...rest) => {
    const text = files.get(path.resolve(file));
    return text !== undefined ? ts.createSourceFile(file, text, languageVersion, true) : getSourceFile.call(host, file, languageVersion, ...rest);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  const byFile: Record<string, string[]> = {};
  for (const [file] of files) {
    const sourceFile = program.getSourceFile(file);
    const diagnostics = [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)];
    byFile[path.basename(file, '.ts')] = diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  }
  return byFile;
}

describe('job templates', () => {
  // Prepare + Act once: one compiler program for every template and every negative case.
  const templateSources = Object.fromEntries(
    templateFiles.map((name) => [path.basename(name, '.json'), fs.readFileSync(path.join(TEMPLATES_DIR, name), 'utf8')]),
  );
  let diagnostics: Record<string, string[]>;
  beforeAll(() => {
    diagnostics = typeCheck({ ...templateSources, ...Object.fromEntries(Object.entries(negativeCases).map(([n, c]) => [n, c.source])) });
  });

  it('has the three branch templates', () => {
    expect(templateFiles).toEqual(['dash-abr.json', 'loudness.json', 'stitch.json']);
  });

  it.each(templateFiles)('%s is JSON with a Name, a Category and Settings, and no queue, tags or input file', (name) => {
    const template = JSON.parse(templateSources[path.basename(name, '.json')]) as Record<string, unknown>;

    expect(template.Name).toMatch(/^vod-pipeline-/);
    expect(template.Category).toBe('vod-pipeline');
    expect(template.StatusUpdateInterval).toBe('SECONDS_60');
    expect(template.Priority).toBe(0);
    expect(template.Settings).toEqual(expect.objectContaining({ Inputs: expect.any(Array), OutputGroups: expect.any(Array) }));
    expect(template).not.toHaveProperty('Queue');
    expect(template).not.toHaveProperty('Tags');
    expect(JSON.stringify(template)).not.toContain('FileInput');
  });

  it.each(templateFiles)('%s type-checks as a CreateJobTemplateRequest', (name) => {
    expect(diagnostics[path.basename(name, '.json')]).toEqual([]);
  });

  it.each(Object.entries(negativeCases))('reports a %s by name', (name, { expected }) => {
    const messages = diagnostics[name].join('\n');

    for (const part of expected) expect(messages).toContain(part);
  });

  it('gives the file outputs the name modifiers the output layout expects', () => {
    const modifiers = (name: string) =>
      (JSON.parse(templateSources[name]) as Template).Settings.OutputGroups.filter(
        (g) => g.OutputGroupSettings.Type === 'FILE_GROUP_SETTINGS',
      ).flatMap((g) => g.Outputs.map((o) => o.NameModifier));

    const transcode = [NAME_MODIFIERS.proxy, NAME_MODIFIERS.thumbnail, NAME_MODIFIERS.poster];
    expect(modifiers('dash-abr')).toEqual(transcode);
    expect(modifiers('stitch')).toEqual(transcode);
    expect(modifiers('loudness')).toEqual([NAME_MODIFIERS.loudnessAnalysis]);
  });

  it.each([
    ['dash-abr', 'CMAF_GROUP_SETTINGS'],
    ['dash-abr', 'DASH_ISO_GROUP_SETTINGS'],
    ['stitch', 'CMAF_GROUP_SETTINGS'],
    ['stitch', 'DASH_ISO_GROUP_SETTINGS'],
  ])('%s runs Automated ABR in its %s with QVBR video and audio in its own output', (name, type) => {
    {
      const dash = (JSON.parse(templateSources[name]) as Template).Settings.OutputGroups.find((g) => g.OutputGroupSettings.Type === type)!;
      const [video, audio] = dash.Outputs as {
        VideoDescription?: { CodecSettings: { Codec: string; H264Settings: Record<string, unknown> } };
        AudioDescriptions?: unknown[];
      }[];

      expect((dash as unknown as { AutomatedEncodingSettings: unknown }).AutomatedEncodingSettings).toEqual({
        AbrSettings: { MaxAbrBitrate: expect.any(Number), MinAbrBitrate: expect.any(Number), MaxRenditions: expect.any(Number) },
      });
      expect(video.VideoDescription?.CodecSettings.H264Settings).toMatchObject({ RateControlMode: 'QVBR', QualityTuningLevel: 'MULTI_PASS_HQ' });
      expect(video.AudioDescriptions).toBeUndefined();
      expect(audio.VideoDescription).toBeUndefined();
      expect(audio.AudioDescriptions).toHaveLength(1);
      const groupSettings =
        type === 'CMAF_GROUP_SETTINGS' ? dash.OutputGroupSettings.CmafGroupSettings : dash.OutputGroupSettings.DashIsoGroupSettings;
      expect(groupSettings).toMatchObject({ SegmentLength: 6, FragmentLength: 2 });
    }
  });

  it.each(['dash-abr', 'stitch'])('%s writes both manifests of its CMAF group, frame captures as JPEG and turns rotated inputs', (name) => {
    const settings = (JSON.parse(templateSources[name]) as Template).Settings as Template['Settings'] & {
      Inputs: { VideoSelector?: { Rotate?: string } }[];
    };
    const cmaf = settings.OutputGroups.find((g) => g.OutputGroupSettings.Type === 'CMAF_GROUP_SETTINGS')!;
    const captures = settings.OutputGroups.flatMap((g) => g.Outputs).filter(
      (o) => (o.VideoDescription as { CodecSettings: { Codec: string } } | undefined)?.CodecSettings.Codec === 'FRAME_CAPTURE',
    );

    expect(cmaf.OutputGroupSettings.CmafGroupSettings).toMatchObject({ WriteHlsManifest: 'ENABLED', WriteDashManifest: 'ENABLED' });
    expect(captures.map((o) => o.NameModifier)).toEqual([NAME_MODIFIERS.thumbnail, NAME_MODIFIERS.poster]);
    expect(captures.every((o) => (o.ContainerSettings as { Container: string }).Container === 'RAW')).toBe(true);
    expect(settings.Inputs.every((input) => input.VideoSelector?.Rotate === 'AUTO')).toBe(true);
  });
});
