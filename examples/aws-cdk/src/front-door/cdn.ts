import { Aws, CfnRule, Duration, Fn, Stack, Token } from 'aws-cdk-lib'
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager'
import {
  AllowedMethods,
  CacheCookieBehavior,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  HttpVersion,
  OriginRequestCookieBehavior,
  OriginRequestHeaderBehavior,
  OriginRequestPolicy,
  OriginRequestQueryStringBehavior,
  PriceClass,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront'
import { FunctionUrlOrigin } from 'aws-cdk-lib/aws-cloudfront-origins'
import type { Bucket } from 'aws-cdk-lib/aws-s3'
import type { Construct } from 'constructs'
import { acceptOriginSecret, type Collector } from '../collector.js'
import type { ResolvedClickstreamConfig } from '../config.js'
import { ConfigError } from '../errors.js'
import { allowNag } from '../nag.js'
import { createOriginSecret, ORIGIN_VERIFY_HEADER, rotateOriginSecret } from './origin-secret.js'
import { createWebAcl } from './web-acl.js'

export interface FrontDoor {
  distribution: Distribution
  /** The endpoint the SDKs are pointed at: `https://<domainName or the cloudfront.net name>`. */
  url: string
}

/** Headers the collector reads (besides `Authorization`, which CloudFront forwards through the cache key). */
export const FORWARDED_HEADERS = [
  'content-type',
  'content-encoding',
  'origin',
  'referer',
  'user-agent',
  'x-retry-count',
  'access-control-request-method',
  'access-control-request-headers',
  // The viewer's IP:port, added by CloudFront: the collector's client address (VIEWER_ADDRESS_HEADER).
  'cloudfront-viewer-address',
] as const

/**
 * CloudFront in front of the collector's Function URL: HTTPS only, AWS WAF, nothing cached but
 * the Segment snippet's script (`/analytics.js/*`, `/sdk/*`; every other route answers per request; `Authorization` is in the cache key only because CloudFront
 * forwards it no other way, with a TTL of 0), the secret origin header the collector checks,
 * standard logs to the access-logs bucket. The Function URL stays public (CloudFront's origin
 * access control for Lambda needs viewers to sign POST bodies, which browsers and the SDKs do
 * not), but answers 403 to anyone without the header.
 */
export function createFrontDoor(
  scope: Construct,
  config: ResolvedClickstreamConfig,
  collector: Collector,
  logs: Bucket,
): FrontDoor {
  const secret = createOriginSecret(scope)
  acceptOriginSecret(collector, secret, ORIGIN_VERIFY_HEADER)
  const cachePolicy = new CachePolicy(scope, 'CollectorCachePolicy', {
    comment: 'clickstream collector: nothing cached; Authorization forwarded',
    minTtl: Duration.seconds(0),
    defaultTtl: Duration.seconds(0),
    maxTtl: Duration.seconds(1),
    headerBehavior: CacheHeaderBehavior.allowList('authorization'),
    queryStringBehavior: CacheQueryStringBehavior.all(),
    cookieBehavior: CacheCookieBehavior.none(),
    enableAcceptEncodingGzip: true,
    enableAcceptEncodingBrotli: true,
  })
  const originRequestPolicy = new OriginRequestPolicy(scope, 'CollectorOriginRequestPolicy', {
    comment:
      'clickstream collector: the headers it reads, never Host (the Function URL needs its own)',
    headerBehavior: OriginRequestHeaderBehavior.allowList(...FORWARDED_HEADERS),
    queryStringBehavior: OriginRequestQueryStringBehavior.all(),
    cookieBehavior: OriginRequestCookieBehavior.none(),
  })
  // Segment's snippet script: cached as the collector's Cache-Control says (5 minutes on the
  // snippet's path, a year on the versioned one), one copy per normalised Accept-Encoding (the
  // origin answers brotli or gzip itself); nothing of the viewer's reaches the origin, so the
  // cached answer is the same for everyone (script tags send no Origin).
  const scriptCachePolicy = new CachePolicy(scope, 'ScriptCachePolicy', {
    comment: 'clickstream collector: the Segment snippet script, as the origin Cache-Control says',
    minTtl: Duration.seconds(0),
    defaultTtl: Duration.seconds(300),
    maxTtl: Duration.days(365),
    headerBehavior: CacheHeaderBehavior.none(),
    queryStringBehavior: CacheQueryStringBehavior.none(),
    cookieBehavior: CacheCookieBehavior.none(),
    enableAcceptEncodingGzip: true,
    enableAcceptEncodingBrotli: true,
  })
  const webAclId = config.webAclArn ?? (config.waf ? webAclInUsEast1(scope, config) : undefined)
  const domain = config.domainName
  const origin = new FunctionUrlOrigin(collector.url, {
    customHeaders: { [ORIGIN_VERIFY_HEADER]: secret.secretValue.unsafeUnwrap() },
    readTimeout: Duration.seconds(30),
  })
  const script = {
    origin,
    allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
    viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
    cachePolicy: scriptCachePolicy,
    compress: true,
  }
  const distribution = new Distribution(scope, 'Distribution', {
    comment: 'clickstream collector',
    additionalBehaviors: { '/analytics.js/*': script, '/sdk/*': script },
    defaultBehavior: {
      origin,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      cachePolicy,
      originRequestPolicy,
      compress: true,
    },
    httpVersion: HttpVersion.HTTP2_AND_3,
    priceClass: PriceClass.PRICE_CLASS_ALL,
    minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
    enableLogging: true,
    logBucket: logs,
    logFilePrefix: 'cloudfront/',
    ...(webAclId ? { webAclId } : {}),
    ...(domain && config.certificateArn
      ? {
          domainNames: [domain],
          certificate: Certificate.fromCertificateArn(scope, 'Certificate', config.certificateArn),
        }
      : {}),
  })
  rotateOriginSecret(scope, config, secret, distribution)
  if (!webAclId) {
    allowNag(distribution, [
      {
        id: 'AwsSolutions-CFR2',
        reason: 'waf: false: the deployer chose no WAF (README: the front door)',
      },
    ])
  }
  if (!domain) {
    allowNag(distribution, [
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'without domainName the distribution uses the default cloudfront.net certificate, whose TLS policy CloudFront fixes; with domainName and certificateArn it is TLSv1.2_2021',
      },
    ])
  }
  allowNag(distribution, [
    {
      id: 'AwsSolutions-CFR1',
      reason: 'events come from everywhere a site has visitors; countries are not restricted',
    },
  ])
  const url = domain ? `https://${domain}` : Fn.join('', ['https://', distribution.domainName])
  return { distribution, url }
}

/**
 * The stack's own web ACL. A CLOUDFRONT-scope web ACL exists only in us-east-1: a stack in
 * another region is refused at synth (pass `webAclArn`, or `waf: false`), an environment-agnostic
 * one carries a template rule that fails the deploy early, saying so, outside us-east-1.
 */
function webAclInUsEast1(scope: Construct, config: ResolvedClickstreamConfig): string {
  const region = Stack.of(scope).region
  const why =
    "the CDN's WAF web ACL must be created in us-east-1: deploy the stack there, or pass webAclArn (a CLOUDFRONT web ACL made in us-east-1), or set waf: false"
  if (!Token.isUnresolved(region) && region !== 'us-east-1')
    throw new ConfigError(`${region}: ${why}`)
  if (Token.isUnresolved(region)) {
    new CfnRule(scope, 'WebAclRegionRule', {
      assertions: [{ assert: Fn.conditionEquals(Aws.REGION, 'us-east-1'), assertDescription: why }],
    })
  }
  return createWebAcl(scope, config).attrArn
}
