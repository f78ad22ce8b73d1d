#!/usr/bin/env node
/**
 * The CDK app: one stack, `VodPipelineStack`, configured by CDK context (see infra/lib/stack-props.ts),
 * e.g. `npx cdk deploy -c ingestPrefix=uploads/ -c ivsChannelArns=arn1,arn2`. The AWS Solutions
 * checks of cdk-nag run on every synthesis (`-c nag=false` skips them).
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { VodPipelineStack } from '../lib/vod-pipeline-stack';

const app = new App();
const stackName = (app.node.tryGetContext('stackName') as string | undefined) ?? 'VodPipelineStack';

new VodPipelineStack(app, stackName, {
  description: 'Video-on-demand pipeline: uploads and IVS recordings through Step Functions and MediaConvert',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});

const nag = app.node.tryGetContext('nag') as string | boolean | undefined;
if (nag !== false && nag !== 'false') Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

app.synth();
