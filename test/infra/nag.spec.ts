import { RemovalPolicy, Validations, type App, type PolicyValidationPluginReport } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import type { VodPipelineStackProps } from '../../infra/lib/stack-props';
import { signingKeys } from '../support/signing-keys';
import { defaultStack, synthesize, type Synthesized } from './synth';

interface Finding {
  rule: string;
  severity: string;
  paths: string[];
}

function findings(report: PolicyValidationPluginReport): Finding[] {
  return report.violations.map((v) => ({
    rule: v.ruleName,
    severity: v.severity ?? '',
    paths: v.violatingResources.map((r) => r.constructPath ?? ''),
  }));
}

/** The AwsSolutions findings that no acknowledgment covers. */
function unacknowledged(app: App): Finding[] {
  return findings(new AwsSolutionsChecks(app).validateScope(app));
}

/** Every finding, as if nothing were acknowledged. */
function allFindings(app: App): Finding[] {
  const pack = new AwsSolutionsChecks(app);
  // The pack's acknowledgment lookup is private; replacing it shows what the acknowledgments hide.
  Object.defineProperty(pack, 'isAcknowledged', { value: () => false });
  return findings(pack.validateScope(app));
}

interface Acknowledgment {
  path: string;
  id: string;
  reason: string;
}

function acknowledgments(root: IConstruct): Acknowledgment[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

const variants: [string, VodPipelineStackProps][] = [
  ['the defaults', {}],
  ['tracing on', { tracing: true }],
  ['an existing recording bucket', { recordingBucketName: 'existing-ivs-recordings' }],
  ['throw-away data (DESTROY, auto-delete)', { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true }],
  ['signed playback for one origin', { playbackPublicKey: signingKeys().publicKey, playbackAllowedOrigins: ['https://player.example.com'] }],
  [
    'notifications to a topic and a webhook with a generated secret',
    { notificationTopicArn: 'arn:aws:sns:eu-west-1:111122223333:t', webhookUrl: 'https://hooks.example.com/vod' },
  ],
];

describe('cdk-nag AwsSolutions checks', () => {
  let defaults: Synthesized;

  beforeAll(() => {
    defaults = defaultStack();
  });

  it.each(variants)('leave no unacknowledged error or warning with %s', (_, props) => {
    // Prepare
    const { app } = Object.keys(props).length === 0 ? defaults : synthesize(props);

    // Act
    const open = unacknowledged(app);

    // Assess
    expect(open).toEqual([]);
  });

  it('pass through the CDK validation plugin as the app registers them', () => {
    // Prepare
    const { app } = synthesize({}, { context: { 'aws:cdk:validate': true } });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    // Act
    const assembly = app.synth({ force: true });

    // Assess
    expect(assembly.getStackByName('Vod').template.Resources).toBeDefined();
  });

  it('acknowledge only findings that exist, each with a reason of its own', () => {
    // Prepare
    const { app } = defaults;
    const all = allFindings(app);

    // Act
    const acknowledged = acknowledgments(app);

    // Assess
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const { path, id, reason } of acknowledged) {
      const finding = all.find((f) => f.rule === id && f.paths.some((p) => p === path || p.startsWith(`${path}/`)));
      expect({ path, id, found: finding !== undefined }).toEqual({ path, id, found: true });
      expect(reason.length).toBeGreaterThan(40);
    }
    // Reasons are specific: one text is not pasted over unrelated rules.
    const reasonsByText = new Map<string, Set<string>>();
    for (const { id, reason } of acknowledged) reasonsByText.set(reason, (reasonsByText.get(reason) ?? new Set()).add(id.replace(/\[.*$/, '')));
    expect([...reasonsByText.values()].every((rules) => rules.size === 1)).toBe(true);
  });

  it('acknowledge each wildcard resource on its own, never the rule as a whole', () => {
    const ids = acknowledgments(defaults.app).map((a) => a.id);
    expect(ids).not.toContain('AwsSolutions-IAM5');
    expect(ids.filter((id) => id.startsWith('AwsSolutions-IAM5'))).toEqual(
      expect.arrayContaining([
        'AwsSolutions-IAM5[Resource::*]',
        expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<StorageOutputBucket.*\.Arn>\/tmp\/loudness\/\*\]$/),
      ]),
    );
  });
});
