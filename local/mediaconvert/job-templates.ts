/**
 * Local MediaConvert job templates in the API's wire form, and the templates folder's files that
 * create them at start. store.ts keeps them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { jsonFileNames } from '../json-files';
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

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
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
