/**
 * One Lambda function per entry of the wiring's FUNCTIONS: bundled locally with esbuild, its own
 * log group, and its own role whose permissions are written out explicitly (function-permissions.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RemovalPolicy } from 'aws-cdk-lib';
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FUNCTIONS, ROOT, type FunctionName, type PipelineSettings, type ResourceNames } from '../wiring';
import { acknowledge, acknowledgeWildcards } from './nag';

export interface FunctionsProps {
  names: ResourceNames;
  settings: PipelineSettings;
  logRetention: logs.RetentionDays;
  /** For the log groups. */
  removalPolicy: RemovalPolicy;
}

/** The MediaInfo WebAssembly module the probe loads from beside its handler (mediainfo.js's own file name). */
export const MEDIAINFO_WASM = 'MediaInfoModule.wasm';

/** Files a bundle needs beside its handler, copied there after bundling. */
function extraFiles(name: FunctionName): string[] {
  if (name !== 'probe') return [];
  const wasm = path.join(ROOT, 'node_modules', 'mediainfo.js', 'dist', MEDIAINFO_WASM);
  if (!fs.existsSync(wasm)) {
    throw new Error(`The probe needs ${wasm}, which is missing: run npm ci, then synthesize again`);
  }
  return [wasm];
}

function quote(file: string): string {
  return `"${file.replace(/(["\\$`])/g, '\\$1')}"`;
}

export interface PipelineFunctionProps extends FunctionsProps {
  name: FunctionName;
}

/** One function of the wiring, with its log group, role and policy. */
export class PipelineFunction extends Construct {
  public readonly function: nodejs.NodejsFunction;
  public readonly role: iam.Role;
  /** The role's one policy: every permission the function has is in it. */
  public readonly policy: iam.Policy;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);
    const { name } = props;
    const spec = FUNCTIONS[name];
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `The ${name} function of the video pipeline`,
    });
    this.policy = new iam.Policy(this, 'Policy', {
      roles: [this.role],
      statements: [
        // Its own log group only; the group exists already, so no logs:CreateLogGroup.
        new iam.PolicyStatement({
          sid: 'WriteOwnLogs',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [this.logGroup.logGroupArn],
        }),
      ],
    });
    const copies = extraFiles(name);
    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: path.join(ROOT, spec.entry),
      handler: 'handler',
      projectRoot: ROOT,
      depsLockFilePath: path.join(ROOT, 'package-lock.json'),
      description: spec.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      timeout: Duration.seconds(spec.timeoutSeconds),
      memorySize: spec.memoryMb,
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        ...spec.environment(props.names, props.settings),
        POWERTOOLS_SERVICE_NAME: props.settings.pipelineName,
        // The bundle is minified; stack traces point into the sources through the source map.
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        keepNames: true,
        target: 'node22',
        format: nodejs.OutputFormat.CJS,
        // Resolve packages for Node: without it esbuild takes mediainfo.js's browser build (its "module"
        // entry), which cannot load its WebAssembly from a file.
        esbuildArgs: { '--conditions': 'node' },
        // The SDK versions the code was tested with, not whichever the runtime ships.
        bundleAwsSDK: true,
        forceDockerBundling: false,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir: string, outputDir: string) =>
            copies.map((file) => `cp ${quote(file)} ${quote(path.join(outputDir, path.basename(file)))}`),
        },
      },
    });
    // The function may run as soon as it exists: with its permissions, then.
    this.function.node.addDependency(this.policy);
    acknowledge(
      this.function,
      'AwsSolutions-L1',
      'The functions run on nodejs22.x on purpose: the Node.js version the pipeline is built and tested for.',
    );
  }
}

export class Functions extends Construct {
  public readonly pipelineFunctions: Record<FunctionName, PipelineFunction>;
  public readonly functions: Record<FunctionName, nodejs.NodejsFunction>;
  public readonly policies: Record<FunctionName, iam.Policy>;

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    const names = Object.keys(FUNCTIONS) as FunctionName[];
    const each = <T>(pick: (fn: PipelineFunction) => T) =>
      Object.fromEntries(names.map((name) => [name, pick(this.pipelineFunctions[name])])) as Record<FunctionName, T>;
    this.pipelineFunctions = Object.fromEntries(names.map((name) => [name, new PipelineFunction(this, name, { ...props, name })])) as Record<
      FunctionName,
      PipelineFunction
    >;
    this.functions = each((fn) => fn.function);
    this.policies = each((fn) => fn.policy);
  }

  /** Adds a statement to a function's policy; a statement with wildcard resources must say why. */
  public addToPolicy(name: FunctionName, statement: iam.PolicyStatement, whyWildcard?: string): void {
    this.policies[name].addStatements(statement);
    if (whyWildcard) acknowledgeWildcards(this.policies[name], statement, whyWildcard);
  }
}
