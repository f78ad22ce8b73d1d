/**
 * Where the Asset Status Change events go on AWS: a rule to the notification topic and to the
 * webhook's API destination, each with a retry policy and a dead-letter queue; and which function
 * may put them.
 */
import { STATUS_CHANGE_RULE } from '../../infra/wiring';
import { ACCOUNT, REGION, actionsOf, defaultStack, logicalId, roleStatements, synthesize, type Synthesized } from './synth';

const topicArn = `arn:aws:sns:${REGION}:${ACCOUNT}:vod-asset-status`;
const secretArn = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:vod-webhook-AbCdEf`;
const webhookUrl = 'https://hooks.example.com/vod';

let both: Synthesized;

const retryPolicy = { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 };

/** The logical id of the template's one resource of a type. */
function onlyId(synth: Synthesized, type: string): string {
  const ids = Object.keys(synth.template.findResources(type));
  expect(ids).toHaveLength(1);
  return ids[0];
}

describe('status change notifications', () => {
  beforeAll(() => {
    both = synthesize({}, { context: { notificationTopicArn: topicArn, webhookUrl, webhookSecretArn: secretArn } });
  });

  it('routes the Asset Status Change events to the topic and the webhook, each retried for a day, then to a dead-letter queue', () => {
    // Prepare
    const queue = both.stack.notifications.deadLetterQueue!;

    // Act
    const rules = both.template.findResources('AWS::Events::Rule', { Properties: { EventPattern: { source: ['vod-pipeline'] } } });

    // Assess
    expect(Object.values(rules)).toHaveLength(1);
    const rule = Object.values(rules)[0].Properties;
    expect(rule.EventPattern).toEqual({ source: STATUS_CHANGE_RULE.pattern.source, 'detail-type': ['Asset Status Change'] });
    const deadLetterConfig = { Arn: { 'Fn::GetAtt': [logicalId(queue), 'Arn'] } };
    expect(rule.Targets).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Arn: topicArn, RetryPolicy: retryPolicy, DeadLetterConfig: deadLetterConfig }),
        expect.objectContaining({
          Arn: { 'Fn::GetAtt': [onlyId(both, 'AWS::Events::ApiDestination'), 'Arn'] },
          RetryPolicy: retryPolicy,
          DeadLetterConfig: deadLetterConfig,
          RoleArn: expect.anything(),
        }),
      ]),
    );
    expect(rule.Targets).toHaveLength(2);
  });

  it("POSTs to the webhook through a connection whose API key header carries the secret's value", () => {
    both.template.hasResourceProperties('AWS::Events::ApiDestination', {
      HttpMethod: 'POST',
      InvocationEndpoint: webhookUrl,
      ConnectionArn: { 'Fn::GetAtt': [onlyId(both, 'AWS::Events::Connection'), 'Arn'] },
    });
    both.template.hasResourceProperties('AWS::Events::Connection', {
      AuthorizationType: 'API_KEY',
      AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: `{{resolve:secretsmanager:${secretArn}:SecretString:::}}` } },
    });
    both.template.resourceCountIs('AWS::SecretsManager::Secret', 0);
  });

  it('lets EventBridge send undeliverable status events to the dead-letter queue, for this rule only', () => {
    const queueId = logicalId(both.stack.notifications.deadLetterQueue!);
    const policies = Object.values(both.template.findResources('AWS::SQS::QueuePolicy')).filter((policy) =>
      (policy.Properties.Queues as { Ref: string }[]).some((queue) => queue.Ref === queueId),
    );
    const statements = policies.flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as { Principal?: unknown; Condition?: unknown; Action: unknown }[],
    );

    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Action: 'sqs:SendMessage',
          Principal: { Service: 'events.amazonaws.com' },
          Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [logicalId(both.stack.notifications.rule!), 'Arn'] } } },
        }),
      ]),
    );
  });

  it('generates the webhook secret when none is given, and takes another header name', () => {
    const generated = synthesize({}, { context: { webhookUrl, webhookSecretHeader: 'x-vod-signature' } });
    const secretId = onlyId(generated, 'AWS::SecretsManager::Secret');

    const connection = generated.template.findResources('AWS::Events::Connection')[onlyId(generated, 'AWS::Events::Connection')];

    const { ApiKeyName, ApiKeyValue } = connection.Properties.AuthParameters.ApiKeyAuthParameters;
    expect(ApiKeyName).toBe('x-vod-signature');
    expect(JSON.stringify(ApiKeyValue)).toContain(`{"Ref":"${secretId}"}`);
    expect(JSON.stringify(ApiKeyValue)).toContain('resolve:secretsmanager:');
  });

  it('makes no rule, connection or destination when neither a topic nor a webhook is set', () => {
    const { template, stack } = defaultStack();

    expect(stack.notifications.rule).toBeUndefined();
    template.resourceCountIs('AWS::Events::Connection', 0);
    template.resourceCountIs('AWS::Events::ApiDestination', 0);
  });

  it('refuses a webhook that is not HTTPS, which API destinations cannot call', () => {
    expect(() => synthesize({}, { context: { webhookUrl: 'http://hooks.example.com/vod' } })).toThrow(/not an https:\/\/ URL/);
  });

  it('lets only execution-status put events, only on the default bus and only as the pipeline', () => {
    const fns = both.stack.functions.pipelineFunctions;

    const putters = Object.entries(fns).filter(([, fn]) =>
      roleStatements(both.template, fn.role).some((s) => actionsOf(s).includes('events:PutEvents')),
    );
    const [statement] = roleStatements(both.template, fns['execution-status'].role).filter((s) => actionsOf(s).includes('events:PutEvents'));

    expect(putters.map(([name]) => name)).toEqual(['execution-status']);
    expect(statement).toMatchObject({
      Effect: 'Allow',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:events:${REGION}:${ACCOUNT}:event-bus/default`]] },
      Condition: { StringEquals: { 'events:source': 'vod-pipeline', 'events:detail-type': 'Asset Status Change' } },
    });
  });
});
