/**
 * The MediaConvert job templates of job-templates/*.json, deployed as they are: the files are
 * the templates' export format (what the MediaConvert console imports and exports).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as mediaconvert from 'aws-cdk-lib/aws-mediaconvert';
import { Construct } from 'constructs';
import { JOB_TEMPLATES_DIR, isJobTemplateFile } from '../wiring';

/** The fields of an exported job template that the stack deploys; others (Arn, CreatedAt, ...) are ignored. */
export interface JobTemplateFile {
  Name: string;
  Description?: string;
  Category?: string;
  Settings: Record<string, unknown>;
  AccelerationSettings?: { Mode: string };
  StatusUpdateInterval?: string;
  Priority?: number;
}

export function readJobTemplate(file: string): JobTemplateFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Job template ${file} is not valid JSON (${(error as Error).message}); fix the file and synthesize again`);
  }
  const template = parsed as Partial<JobTemplateFile> | null;
  if (typeof template?.Name !== 'string' || template.Name === '') {
    throw new Error(`Job template ${file} has no Name; a deployed template needs one`);
  }
  if (typeof template.Settings !== 'object' || template.Settings === null) {
    throw new Error(`Job template ${file} has no Settings object; export the template again from MediaConvert`);
  }
  return template as JobTemplateFile;
}

/** The template files, sorted, so the synthesized template is stable. */
export function jobTemplateFiles(dir: string = JOB_TEMPLATES_DIR): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter(isJobTemplateFile)
    .sort()
    .map((name) => path.join(dir, name));
}

export class JobTemplates extends Construct {
  public readonly templates: mediaconvert.CfnJobTemplate[];

  constructor(scope: Construct, id: string, dir: string = JOB_TEMPLATES_DIR) {
    super(scope, id);
    const seen = new Map<string, string>();
    this.templates = jobTemplateFiles(dir).map((file) => {
      const template = readJobTemplate(file);
      const other = seen.get(template.Name);
      if (other) throw new Error(`Job templates ${other} and ${file} are both named ${template.Name}; names must be unique`);
      seen.set(template.Name, file);
      return new mediaconvert.CfnJobTemplate(this, path.basename(file, '.json'), {
        name: template.Name,
        description: template.Description,
        category: template.Category,
        settingsJson: template.Settings,
        accelerationSettings: template.AccelerationSettings ? { mode: template.AccelerationSettings.Mode } : undefined,
        statusUpdateInterval: template.StatusUpdateInterval,
        priority: template.Priority,
      });
    });
  }
}
