import { Match } from 'aws-cdk-lib/assertions';
import { DENY_FUNCTION_CODE, MANIFEST_TTL, MEDIA_TTL, PLAYBACK_PATHS } from '../../infra/lib/delivery';
import { signingKeys } from '../support/signing-keys';
import { defaultStack, logicalId, synthesize, type Synthesized } from './synth';

let synth: Synthesized;
let signed: Synthesized;

interface CacheBehavior {
  PathPattern?: string;
  ViewerProtocolPolicy: string;
  AllowedMethods: string[];
  OriginRequestPolicyId?: string;
  CachePolicyId: unknown;
  ResponseHeadersPolicyId?: unknown;
  TrustedKeyGroups?: unknown[];
  FunctionAssociations?: { EventType: string; FunctionARN: unknown }[];
}

interface DistributionConfig {
  DefaultCacheBehavior: CacheBehavior;
  CacheBehaviors: CacheBehavior[];
  Origins: { S3OriginConfig?: unknown; OriginAccessControlId?: unknown; DomainName: unknown }[];
  Logging?: { Bucket: unknown; Prefix?: string };
  HttpVersion?: string;
}

function distributionConfig(s: Synthesized): DistributionConfig {
  const distributions = Object.values(s.template.findResources('AWS::CloudFront::Distribution'));
  expect(distributions).toHaveLength(1);
  return distributions[0].Properties.DistributionConfig as DistributionConfig;
}

const ref = (construct: Parameters<typeof logicalId>[0]) => ({ Ref: logicalId(construct) });

describe('delivery', () => {
  beforeAll(() => {
    synth = defaultStack();
    signed = synthesize({ playbackPublicKey: signingKeys().publicKey, playbackAllowedOrigins: ['https://player.example.com'] });
  });

  describe('the playback distribution', () => {
    it('reads the outputs bucket through Origin Access Control only', () => {
      // Act
      const config = distributionConfig(synth);

      // Assess
      expect(config.Origins).toHaveLength(1);
      expect(config.Origins[0].DomainName).toEqual({ 'Fn::GetAtt': [logicalId(synth.stack.storage.outputBucket), 'RegionalDomainName'] });
      expect(config.Origins[0].OriginAccessControlId).toBeDefined();
      synth.template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
      synth.template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
        OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
      });
    });

    it("admits only this distribution to the bucket's objects, never to the temporary files", () => {
      // Act
      const policy = Object.values(synth.template.findResources('AWS::S3::BucketPolicy')).find(
        (p) => (p.Properties.Bucket as { Ref: string }).Ref === logicalId(synth.stack.storage.outputBucket),
      );
      const statements = policy?.Properties.PolicyDocument.Statement as {
        Effect: string;
        Principal?: { Service?: string };
        Action: unknown;
        Resource: unknown;
        Condition?: unknown;
      }[];
      const cloudFront = statements.filter((s) => s.Principal?.Service === 'cloudfront.amazonaws.com');

      // Assess
      expect(cloudFront).toHaveLength(2);
      const allow = cloudFront.find((s) => s.Effect === 'Allow')!;
      expect(allow.Action).toBe('s3:GetObject');
      expect(allow.Condition).toEqual({
        StringEquals: {
          'AWS:SourceArn': {
            'Fn::Join': [
              '',
              [
                'arn:',
                { Ref: 'AWS::Partition' },
                ':cloudfront::',
                { Ref: 'AWS::AccountId' },
                ':distribution/',
                ref(synth.stack.delivery.distribution),
              ],
            ],
          },
        },
      });
      const deny = cloudFront.find((s) => s.Effect === 'Deny')!;
      expect(deny.Action).toBe('s3:GetObject');
      expect(deny.Resource).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(synth.stack.storage.outputBucket), 'Arn'] }, '/tmp/*']] });
      expect(statements.filter((s) => s.Effect === 'Allow' && s.Principal?.Service !== 'cloudfront.amazonaws.com')).toEqual([]);
    });

    it('serves the playable folders over HTTPS, GET, HEAD and OPTIONS only, and denies tmp/ and everything else with a function', () => {
      // Act
      const config = distributionConfig(synth);
      const patterns = config.CacheBehaviors.map((b) => b.PathPattern);
      const denyArn = { 'Fn::GetAtt': [logicalId(synth.stack.delivery.denyFunction), 'FunctionARN'] };

      // Assess
      expect(patterns).toEqual(['tmp/*', ...PLAYBACK_PATHS.map((p) => p.pathPattern)]);
      for (const behavior of [config.DefaultCacheBehavior, config.CacheBehaviors[0]]) {
        expect(behavior.FunctionAssociations).toEqual([{ EventType: 'viewer-request', FunctionARN: denyArn }]);
        expect(behavior.ViewerProtocolPolicy).toBe('https-only');
      }
      for (const behavior of config.CacheBehaviors.slice(1)) {
        expect(behavior.ViewerProtocolPolicy).toBe('redirect-to-https');
        expect(behavior.AllowedMethods).toEqual(['GET', 'HEAD', 'OPTIONS']);
        expect(behavior.OriginRequestPolicyId).toBe('88a5eaf4-2fd4-4709-b370-b4c650ea3fcf');
        expect(behavior.FunctionAssociations).toBeUndefined();
        expect(behavior.TrustedKeyGroups).toBeUndefined();
      }
      synth.template.hasResourceProperties('AWS::CloudFront::Function', {
        FunctionCode: DENY_FUNCTION_CODE,
        FunctionConfig: { Runtime: 'cloudfront-js-2.0' },
      });
      expect(DENY_FUNCTION_CODE).toContain('statusCode: 403');
    });

    it("answers players' CORS preflights from the outputs bucket's CORS rule, for the allowed origins", () => {
      const bucket = (s: Synthesized) => s.template.findResources('AWS::S3::Bucket')[logicalId(s.stack.storage.outputBucket)].Properties;

      expect(bucket(synth).CorsConfiguration).toEqual({
        CorsRules: [
          {
            AllowedMethods: ['GET', 'HEAD'],
            AllowedOrigins: ['*'],
            AllowedHeaders: ['*'],
            ExposedHeaders: ['Content-Length', 'Content-Range', 'Accept-Ranges', 'ETag'],
            MaxAge: 600,
          },
        ],
      });
      expect(bucket(signed).CorsConfiguration.CorsRules[0].AllowedOrigins).toEqual(['https://player.example.com']);
    });

    it('caches manifests briefly and media long, per path', () => {
      // Prepare
      const { cachePolicies } = synth.stack.delivery;
      const config = distributionConfig(synth);

      // Act
      const policyOf = (pattern: string) => config.CacheBehaviors.find((b) => b.PathPattern === pattern)?.CachePolicyId;

      // Assess
      expect(policyOf('*/cmaf/*.m3u8')).toEqual(ref(cachePolicies.manifest));
      expect(policyOf('*/dash/*.mpd')).toEqual(ref(cachePolicies.manifest));
      expect(policyOf('*/thumbnails/*.vtt')).toEqual(ref(cachePolicies.manifest));
      expect(policyOf('*/cmaf/*')).toEqual(ref(cachePolicies.media));
      expect(policyOf('*/proxy/*')).toEqual(ref(cachePolicies.media));
      synth.template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
        CachePolicyConfig: Match.objectLike({ DefaultTTL: MANIFEST_TTL.default.toSeconds(), MaxTTL: MANIFEST_TTL.max.toSeconds() }),
      });
      synth.template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
        CachePolicyConfig: Match.objectLike({
          DefaultTTL: MEDIA_TTL.default.toSeconds(),
          MaxTTL: MEDIA_TTL.max.toSeconds(),
          ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({ QueryStringsConfig: { QueryStringBehavior: 'none' } }),
        }),
      });
    });

    it.each([
      ['*/cmaf/*.m3u8', 'application/vnd.apple.mpegurl'],
      ['*/cmaf/*.mpd', 'application/dash+xml'],
      ['*/dash/*.mpd', 'application/dash+xml'],
      ['*/cmaf/*.cmfa', 'audio/mp4'],
      ['*/cmaf/*', 'video/mp4'],
      ['*/proxy/*', 'video/mp4'],
      ['*/poster/*', 'image/jpeg'],
      ['*/thumbnails/*.vtt', 'text/vtt'],
    ])('answers %s as %s, with CORS for any origin by default', (pattern, contentType) => {
      // Prepare
      const config = distributionConfig(synth);
      const headersId = config.CacheBehaviors.find((b) => b.PathPattern === pattern)?.ResponseHeadersPolicyId as { Ref: string };

      // Act
      const policy = synth.template.toJSON().Resources[headersId.Ref].Properties.ResponseHeadersPolicyConfig;

      // Assess
      expect(policy.CustomHeadersConfig.Items).toEqual([{ Header: 'Content-Type', Value: contentType, Override: true }]);
      expect(policy.CorsConfig).toMatchObject({
        AccessControlAllowOrigins: { Items: ['*'] },
        AccessControlAllowMethods: { Items: ['GET', 'HEAD'] },
        AccessControlAllowCredentials: false,
        OriginOverride: true,
      });
      expect(policy.CorsConfig.AccessControlExposeHeaders.Items).toContain('Content-Range');
    });

    it('logs to the CDN log bucket, which has ACLs enabled as CloudFront standard logs need', () => {
      // Act
      const config = distributionConfig(synth);

      // Assess
      expect(config.Logging).toEqual({
        Bucket: { 'Fn::GetAtt': [logicalId(synth.stack.storage.cdnLogBucket), 'RegionalDomainName'] },
        Prefix: 'playback/',
      });
      synth.template.hasResourceProperties('AWS::S3::Bucket', {
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
        LoggingConfiguration: { DestinationBucketName: ref(synth.stack.storage.accessLogBucket), LogFilePrefix: 'cdn-logs/' },
      });
    });

    it('gives job-events the distribution as its playback base, and names it in the outputs', () => {
      // Prepare
      const fn = synth.stack.functions.functions['job-events'];
      const domain = { 'Fn::GetAtt': [logicalId(synth.stack.delivery.distribution), 'DomainName'] };

      // Act
      const env = synth.template.toJSON().Resources[logicalId(fn)].Properties.Environment.Variables;
      const outputs = synth.template.toJSON().Outputs;

      // Assess
      expect(env.PLAYBACK_BASE_URL).toEqual({ 'Fn::Join': ['', ['https://', domain]] });
      expect(env.OUTPUT_BUCKET).toEqual(ref(synth.stack.storage.outputBucket));
      expect(outputs.PlaybackDomainName.Value).toEqual(domain);
      expect(outputs.PlaybackDistributionId.Value).toEqual(ref(synth.stack.delivery.distribution));
      expect(outputs.PlaybackKeyPairId).toBeUndefined();
      synth.template.resourceCountIs('AWS::CloudFront::PublicKey', 0);
      synth.template.resourceCountIs('AWS::CloudFront::KeyGroup', 0);
    });
  });

  describe('the playback distribution with a public key', () => {
    it('makes every playable behaviour trust its key group, and outputs the key pair id', () => {
      // Prepare
      const { publicKey, keyGroup } = signed.stack.delivery;

      // Act
      const config = distributionConfig(signed);

      // Assess
      signed.template.hasResourceProperties('AWS::CloudFront::PublicKey', {
        PublicKeyConfig: Match.objectLike({ EncodedKey: signingKeys().publicKey.trim() }),
      });
      signed.template.hasResourceProperties('AWS::CloudFront::KeyGroup', { KeyGroupConfig: Match.objectLike({ Items: [ref(publicKey!)] }) });
      for (const behavior of config.CacheBehaviors.slice(1)) expect(behavior.TrustedKeyGroups).toEqual([ref(keyGroup!)]);
      expect(signed.template.toJSON().Outputs.PlaybackKeyPairId.Value).toEqual(ref(publicKey!));
    });

    it('allows only the configured origins', () => {
      const policies = Object.values(signed.template.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
      expect(policies.length).toBeGreaterThan(0);
      for (const policy of policies) {
        expect(policy.Properties.ResponseHeadersPolicyConfig.CorsConfig.AccessControlAllowOrigins).toEqual({ Items: ['https://player.example.com'] });
      }
    });
  });
});
