/**
 * Local MediaConvert job templates, one JSON file each under <dataDir>/mediaconvert/job-templates/,
 * in the API's wire form. Creating a template whose name exists replaces its settings (and keeps
 * its creation time): AWS answers that with a ConflictException, but locally it is what lets an
 * edited job-templates/*.json take effect at the next start, and a re-import succeed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { jsonFileNames, readJsonFiles, writeJsonFile } from '../json-files';
import { isDeepStrictEqual } from 'node:util';
import { isJobTemplateFile } from '../../infra/wiring';
import { isPlainObject, sdkToWire } from './wire-case';

/** A job template as the API returns it. */
export interface WireJobTemplate {
  arn: string;
  name: string;
  type: 'CUSTOM';
  settings: Record<string, unknown>;
  createdAt: number;
  lastUpdated: number;
  description?: string;
  category?: string;
  priority?: number;
  statusUpdateInterval?: string;
  accelerationSettings?: Record<string, unknown>;
  queue?: string;
  hopDestinations?: unknown[];
}

/** The members of CreateJobTemplate's body that a template keeps. */
const KEPT = ['description', 'category', 'priority', 'statusUpdateInterval', 'accelerationSettings', 'queue', 'hopDestinations'] as const;

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

export class TemplateStore {
  private readonly directory: string;
  private readonly templates = new Map<string, WireJobTemplate>();

  constructor(
    dataDir: string,
    private readonly arnOf: (name: string) => string,
  ) {
    this.directory = path.join(dataDir, 'mediaconvert', 'job-templates');
    fs.mkdirSync(this.directory, { recursive: true });
    for (const template of readJsonFiles<WireJobTemplate>(this.directory)) this.templates.set(template.name, template);
  }

  private file(name: string): string {
    return path.join(this.directory, `${encodeURIComponent(name)}.json`);
  }

  /**
   * Creates the template from a CreateJobTemplate body (wire form), or replaces the one of that
   * name. Returns the stored template; an unchanged one keeps its `lastUpdated`.
   */
  put(body: Record<string, unknown>, now: Date): WireJobTemplate {
    const { name, settings } = body;
    if (typeof name !== 'string' || name.trim() === '') throw new TemplateError('You must specify a name (name) for the job template.');
    if (!isPlainObject(settings)) throw new TemplateError(`You must specify the settings (settings) of job template ${name}.`);
    if (body.priority !== undefined && (!Number.isInteger(body.priority) || Math.abs(body.priority as number) > 50)) {
      throw new TemplateError(`priority of job template ${name} must be a whole number from -50 to 50 (is ${JSON.stringify(body.priority)}).`);
    }
    const seconds = Math.floor(now.getTime() / 1000);
    const earlier = this.templates.get(name);
    const template: WireJobTemplate = {
      arn: this.arnOf(name),
      name,
      type: 'CUSTOM',
      settings: structuredClone(settings),
      createdAt: earlier?.createdAt ?? seconds,
      lastUpdated: seconds,
    };
    for (const member of KEPT) if (body[member] !== undefined) Object.assign(template, { [member]: structuredClone(body[member]) });
    if (earlier && isDeepStrictEqual({ ...earlier, lastUpdated: 0 }, { ...template, lastUpdated: 0 })) return earlier;
    writeJsonFile(this.file(name), template, 2);
    this.templates.set(name, template);
    return template;
  }

  get(name: string): WireJobTemplate | undefined {
    return this.templates.get(name);
  }

  list(): WireJobTemplate[] {
    return [...this.templates.values()];
  }
}

/**
 * The CreateJobTemplate bodies of a folder's *.json files (SDK shape, as job-templates/ holds them
 * and the console exports them). A file that is not a template fails with its name.
 */
export function readTemplateFiles(directory: string): Record<string, unknown>[] {
  if (!fs.existsSync(directory)) return [];
  return jsonFileNames(directory)
    .filter(isJobTemplateFile)
    .map((file) => {
      const text = fs.readFileSync(path.join(directory, file), 'utf8');
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        throw new TemplateError(`Job template file ${path.join(directory, file)} is not valid JSON: ${(error as Error).message}`);
      }
      if (!isPlainObject(parsed) || typeof parsed.Name !== 'string' || !isPlainObject(parsed.Settings)) {
        throw new TemplateError(
          `Job template file ${path.join(directory, file)} has no Name and Settings; export it from MediaConvert as a job template.`,
        );
      }
      return sdkToWire(parsed);
    });
}
