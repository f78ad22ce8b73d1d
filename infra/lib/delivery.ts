/**
 * Playback: a CloudFront distribution in front of the outputs bucket. The bucket stays private;
 * CloudFront reads it through Origin Access Control, over HTTPS only, and serves only the playable
 * folders of each asset (the CMAF and DASH packages, the proxy, the thumbnails and the poster).
 * Anything else, the temporary files above all, is answered 403 by a CloudFront Function.
 *
 * Each behaviour sets the content type players expect (manifests especially: native HLS players
 * check it) and CORS for players on other origins; manifests are cached briefly (a redrive rewrites
 * them), segments and images long. A public key, when given, makes every playable behaviour
 * require CloudFront signed URLs (or cookies).
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { TEMP_PREFIX } from '../../functions/shared/playback-url';
import { acknowledge } from './nag';

export interface DeliveryProps {
  /** Gets the CORS rule that answers players' preflight requests. */
  outputBucket: s3.Bucket;
  /** Where CloudFront writes its standard logs; needs ACLs enabled. */
  logBucket: s3.IBucket;
  /** Origins allowed to fetch the outputs from a page (CORS). `['*']`: any. */
  allowedOrigins: string[];
  /** PEM of a public key: the playable behaviours then require URLs signed with its private key. */
  publicKeyPem?: string;
}

export type CacheKind = 'manifest' | 'media';

export interface PlaybackPath {
  pathPattern: string;
  cache: CacheKind;
  contentType: string;
}

/**
 * The playable paths, first match wins (CloudFront evaluates behaviours in this order): the
 * manifests and the track before the folders holding them.
 */
export const PLAYBACK_PATHS: readonly PlaybackPath[] = [
  { pathPattern: '*/cmaf/*.m3u8', cache: 'manifest', contentType: 'application/vnd.apple.mpegurl' },
  { pathPattern: '*/cmaf/*.mpd', cache: 'manifest', contentType: 'application/dash+xml' },
  { pathPattern: '*/dash/*.mpd', cache: 'manifest', contentType: 'application/dash+xml' },
  { pathPattern: '*/thumbnails/*.vtt', cache: 'manifest', contentType: 'text/vtt' },
  { pathPattern: '*/cmaf/*.cmfa', cache: 'media', contentType: 'audio/mp4' },
  // Video segments (.cmfv) and the init segments of the CMAF package.
  { pathPattern: '*/cmaf/*', cache: 'media', contentType: 'video/mp4' },
  { pathPattern: '*/dash/*', cache: 'media', contentType: 'video/mp4' },
  { pathPattern: '*/proxy/*', cache: 'media', contentType: 'video/mp4' },
  { pathPattern: '*/thumbnails/*', cache: 'media', contentType: 'image/jpeg' },
  { pathPattern: '*/poster/*', cache: 'media', contentType: 'image/jpeg' },
];

/** Manifests: a redrive or a re-run can rewrite them, so edges check back within minutes. */
export const MANIFEST_TTL = { default: Duration.seconds(60), max: Duration.minutes(5) };
/** Segments and images of a finished asset do not change under their names. */
export const MEDIA_TTL = { default: Duration.days(7), max: Duration.days(365) };

/** What the default behaviour and the temporary prefix answer: nothing is served there. */
export const DENY_FUNCTION_CODE = `function handler(event) {
  return { statusCode: 403, statusDescription: 'Forbidden', headers: { 'cache-control': { value: 'no-store' } } };
}`;

export class Delivery extends Construct {
  public readonly distribution: cloudfront.Distribution;
  public readonly denyFunction: cloudfront.Function;
  public readonly cachePolicies: Record<CacheKind, cloudfront.CachePolicy>;
  /** One per content type. */
  public readonly responseHeadersPolicies: Record<string, cloudfront.ResponseHeadersPolicy>;
  public readonly publicKey?: cloudfront.PublicKey;
  public readonly keyGroup?: cloudfront.KeyGroup;
  /** `https://<distribution domain>`: the functions' PLAYBACK_BASE_URL. */
  public readonly baseUrl: string;

  constructor(scope: Construct, id: string, props: DeliveryProps) {
    super(scope, id);
    const origin = origins.S3BucketOrigin.withOriginAccessControl(props.outputBucket, {
      originAccessLevels: [cloudfront.AccessLevel.READ],
    });

    const cachePolicy = (kind: CacheKind, ttl: { default: Duration; max: Duration }, comment: string) =>
      new cloudfront.CachePolicy(this, `${kind}CachePolicy`, {
        comment,
        defaultTtl: ttl.default,
        maxTtl: ttl.max,
        minTtl: Duration.seconds(0),
        // The object is the whole key: no query string (signatures included), header or cookie varies it.
        queryStringBehavior: cloudfront.CacheQueryStringBehavior.none(),
        headerBehavior: cloudfront.CacheHeaderBehavior.none(),
        cookieBehavior: cloudfront.CacheCookieBehavior.none(),
        enableAcceptEncodingGzip: true,
        enableAcceptEncodingBrotli: true,
      });
    this.cachePolicies = {
      manifest: cachePolicy('manifest', MANIFEST_TTL, 'VOD manifests and thumbnails tracks: short TTL'),
      media: cachePolicy('media', MEDIA_TTL, 'VOD segments, proxies and images: long TTL'),
    };

    this.responseHeadersPolicies = {};
    const headersFor = (contentType: string): cloudfront.ResponseHeadersPolicy => {
      this.responseHeadersPolicies[contentType] ??= new cloudfront.ResponseHeadersPolicy(this, `Headers${contentType.replace(/[^A-Za-z0-9]/g, '')}`, {
        comment: `VOD playback: ${contentType}, CORS`,
        corsBehavior: {
          accessControlAllowOrigins: props.allowedOrigins,
          accessControlAllowMethods: ['GET', 'HEAD'],
          accessControlAllowHeaders: ['*'],
          // Byte-range requests of players (HLS byte ranges, MP4 seeking) read these.
          accessControlExposeHeaders: ['Content-Length', 'Content-Range', 'Accept-Ranges', 'ETag'],
          accessControlAllowCredentials: false,
          accessControlMaxAge: Duration.minutes(10),
          originOverride: true,
        },
        // The type each file is played as, whatever the object was stored with.
        customHeadersBehavior: { customHeaders: [{ header: 'Content-Type', value: contentType, override: true }] },
        securityHeadersBehavior: { contentTypeOptions: { override: true } },
      });
      return this.responseHeadersPolicies[contentType];
    };

    if (props.publicKeyPem) {
      this.publicKey = new cloudfront.PublicKey(this, 'PlaybackPublicKey', {
        encodedKey: props.publicKeyPem,
        comment: 'Signs VOD playback URLs',
      });
      this.keyGroup = new cloudfront.KeyGroup(this, 'PlaybackKeyGroup', { items: [this.publicKey], comment: 'VOD playback signers' });
    }

    this.denyFunction = new cloudfront.Function(this, 'DenyFunction', {
      code: cloudfront.FunctionCode.fromInline(DENY_FUNCTION_CODE),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      comment: 'Answers 403 outside the playable folders of the outputs bucket',
    });
    const deny: cloudfront.BehaviorOptions = {
      origin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      functionAssociations: [{ function: this.denyFunction, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
    };

    // A player on another origin whose request is not a simple one (a Range header, say) asks first
    // with OPTIONS: S3 answers the preflight from this rule, CloudFront forwarding the CORS headers.
    props.outputBucket.addCorsRule({
      allowedMethods: [s3.HttpMethods.GET, s3.HttpMethods.HEAD],
      allowedOrigins: props.allowedOrigins,
      allowedHeaders: ['*'],
      exposedHeaders: ['Content-Length', 'Content-Range', 'Accept-Ranges', 'ETag'],
      maxAge: 600,
    });
    const playable = (path: PlaybackPath): cloudfront.BehaviorOptions => ({
      origin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
      cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD_OPTIONS,
      originRequestPolicy: cloudfront.OriginRequestPolicy.CORS_S3_ORIGIN,
      cachePolicy: this.cachePolicies[path.cache],
      responseHeadersPolicy: headersFor(path.contentType),
      compress: true,
      ...(this.keyGroup ? { trustedKeyGroups: [this.keyGroup] } : {}),
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `VOD playback of ${Stack.of(this).stackName}`,
      defaultBehavior: deny,
      // The temporary prefix first: no asset folder pattern below can reach into it.
      additionalBehaviors: {
        [`${TEMP_PREFIX}*`]: deny,
        ...Object.fromEntries(PLAYBACK_PATHS.map((path) => [path.pathPattern, playable(path)])),
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: props.logBucket,
      logFilePrefix: 'playback/',
    });

    // Defence in depth: even a behaviour added later cannot read the temporary files.
    props.outputBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'NoTemporaryFilesThroughCloudFront',
        effect: iam.Effect.DENY,
        principals: [new iam.ServicePrincipal('cloudfront.amazonaws.com')],
        actions: ['s3:GetObject'],
        resources: [props.outputBucket.arnForObjects(`${TEMP_PREFIX}*`)],
      }),
    );

    this.baseUrl = `https://${this.distribution.distributionDomainName}`;

    acknowledge(
      this.distribution,
      'AwsSolutions-CFR1',
      'Video-on-demand outputs are served worldwide; geo restrictions are a rights decision per catalogue, not a default of the pipeline.',
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR2',
      'Only GET and HEAD of static, optionally signed media reach this distribution; a WAF web ACL (in us-east-1) can be attached per deployment.',
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR4',
      'The distribution uses the default *.cloudfront.net certificate, whose viewer TLS policy CloudFront fixes; a custom domain with its own certificate sets TLSv1.2_2021.',
    );
  }
}
