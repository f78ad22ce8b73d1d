/**
 * The role MediaConvert assumes to run the pipeline's jobs: it reads the sources (uploads,
 * recordings, the pre-roll, post-roll and overlay) and writes the outputs, nothing else.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeWildcards } from './nag';

export interface MediaConvertRoleProps {
  readBuckets: s3.IBucket[];
  writeBucket: s3.IBucket;
}

export class MediaConvertRole extends Construct {
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: MediaConvertRoleProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('mediaconvert.amazonaws.com'),
      description: 'Assumed by MediaConvert for the pipeline jobs: reads the source buckets, writes the output bucket',
    });
    const read = new iam.PolicyStatement({
      sid: 'ReadSources',
      actions: ['s3:GetObject'],
      resources: props.readBuckets.map((bucket) => bucket.arnForObjects('*')),
    });
    const write = new iam.PolicyStatement({
      sid: 'WriteOutputs',
      actions: ['s3:PutObject'],
      resources: [props.writeBucket.arnForObjects('*')],
    });
    this.role.addToPolicy(read);
    this.role.addToPolicy(write);
    acknowledgeWildcards(
      this.role,
      read,
      'Jobs read whichever upload or recording they transcode, and the pre-roll, post-roll and overlay: objects of the source buckets only.',
    );
    acknowledgeWildcards(this.role, write, 'Jobs write outputs under per-asset keys chosen at submission: objects of the output bucket only.');
  }
}
