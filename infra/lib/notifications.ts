/**
 * Where the pipeline's `Asset Status Change` events go, when the deployment asks for it: a rule on
 * the default bus delivers them to an existing SNS topic (`notificationTopicArn`) and to a webhook
 * (`webhookUrl`) through an EventBridge API destination, whose connection sends an API key header
 * (`webhookSecretHeader`) with the value of a Secrets Manager secret (`webhookSecretArn`, or one
 * the stack generates). Each target retries for a day and then hands the event to a dead-letter queue.
 */
import { SecretValue, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { STATUS_CHANGE_RULE } from '../wiring';
import { TARGET_MAX_EVENT_AGE, TARGET_RETRY_ATTEMPTS, toCdkEventPattern } from './event-rules';
import { acknowledge } from './nag';

export interface NotificationsProps {
  notificationTopicArn?: string;
  webhookUrl?: string;
  webhookSecretArn?: string;
  webhookSecretHeader: string;
}

export class Notifications extends Construct {
  public readonly rule?: events.Rule;
  public readonly deadLetterQueue?: sqs.Queue;
  public readonly connection?: events.Connection;
  public readonly webhook?: events.ApiDestination;
  /** The webhook's secret, when the stack generated it (no `webhookSecretArn`). */
  public readonly webhookSecret?: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    const { notificationTopicArn, webhookUrl } = props;
    if (!notificationTopicArn && !webhookUrl) return;

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.deadLetterQueue,
      'AwsSolutions-SQS3',
      'This queue is the dead-letter queue of the status change rule; a dead-letter queue of its own would have no reader either.',
    );
    this.rule = new events.Rule(this, 'Rule', {
      description: STATUS_CHANGE_RULE.description,
      eventPattern: toCdkEventPattern(STATUS_CHANGE_RULE.pattern),
    });
    const retry = { deadLetterQueue: this.deadLetterQueue, maxEventAge: TARGET_MAX_EVENT_AGE, retryAttempts: TARGET_RETRY_ATTEMPTS };

    if (notificationTopicArn) {
      // An imported topic's policy is not the stack's: it must let events.amazonaws.com publish (see the README).
      this.rule.addTarget(new targets.SnsTopic(sns.Topic.fromTopicArn(this, 'Topic', notificationTopicArn), retry));
    }

    if (webhookUrl) {
      if (!Token.isUnresolved(webhookUrl) && !webhookUrl.startsWith('https://')) {
        throw new Error(`webhookUrl ${webhookUrl} is not an https:// URL; EventBridge API destinations call HTTPS endpoints only`);
      }
      let secretValue: SecretValue;
      if (props.webhookSecretArn) {
        secretValue = SecretValue.secretsManager(props.webhookSecretArn);
      } else {
        this.webhookSecret = new secretsmanager.Secret(this, 'WebhookSecret', {
          description: `The value of the ${props.webhookSecretHeader} header the pipeline's webhook calls carry; the receiver checks it`,
          generateSecretString: { excludePunctuation: true, passwordLength: 48 },
        });
        acknowledge(
          this.webhookSecret,
          'AwsSolutions-SMG4',
          'A shared secret the webhook receiver also holds: rotating it needs the receiver to take the new value, so it is rotated by hand, then deployed.',
        );
        secretValue = this.webhookSecret.secretValue;
      }
      this.connection = new events.Connection(this, 'WebhookConnection', {
        description: "The pipeline's webhook: an API key header whose value is a Secrets Manager secret",
        authorization: events.Authorization.apiKey(props.webhookSecretHeader, secretValue),
      });
      this.webhook = new events.ApiDestination(this, 'Webhook', {
        description: 'Asset Status Change events, POSTed as they are',
        connection: this.connection,
        endpoint: webhookUrl,
        httpMethod: events.HttpMethod.POST,
      });
      this.rule.addTarget(new targets.ApiDestination(this.webhook, retry));
    }
  }
}
