import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2'
import type { Construct } from 'constructs'
import type { ResolvedClickstreamConfig } from '../config.js'

/**
 * Rules of AWS's common rule set that inspect the body: analytics events carry free text (search
 * terms, page titles, URLs with `../`) that they would take for attacks, and a blocked request
 * loses its events. They count instead; the collector validates every body itself.
 * `SizeRestrictions_BODY` blocks bodies over 8 KB: a batch of the SDK is up to 500 KB.
 */
export const COUNTED_COMMON_RULES = [
  'SizeRestrictions_BODY',
  'CrossSiteScripting_BODY',
  'GenericLFI_BODY',
  'GenericRFI_BODY',
  'EC2MetaDataSSRF_BODY',
  'NoUserAgent_HEADER',
] as const

const visibility = (metricName: string) => ({
  cloudWatchMetricsEnabled: true,
  sampledRequestsEnabled: true,
  metricName,
})

const managed = (priority: number, name: string, countRules: readonly string[] = []) => ({
  name,
  priority,
  overrideAction: { none: {} },
  statement: {
    managedRuleGroupStatement: {
      vendorName: 'AWS',
      name,
      ...(countRules.length
        ? { ruleActionOverrides: countRules.map((r) => ({ name: r, actionToUse: { count: {} } })) }
        : {}),
    },
  },
  visibilityConfig: visibility(name),
})

/**
 * The CDN's web ACL (CLOUDFRONT scope, so the stack must be in us-east-1): a rate-based rule per
 * client IP (`wafRateLimit` requests per 5 minutes, answered 429 like the collector's own limit)
 * and AWS's managed IP reputation, known bad inputs and common rule sets.
 */
export function createWebAcl(scope: Construct, config: ResolvedClickstreamConfig): CfnWebACL {
  return new CfnWebACL(scope, 'WebAcl', {
    scope: 'CLOUDFRONT',
    defaultAction: { allow: {} },
    visibilityConfig: visibility('clickstream'),
    rules: [
      {
        name: 'RatePerIp',
        priority: 0,
        action: { block: { customResponse: { responseCode: 429 } } },
        statement: {
          rateBasedStatement: {
            limit: config.wafRateLimit,
            aggregateKeyType: 'IP',
            evaluationWindowSec: 300,
          },
        },
        visibilityConfig: visibility('RatePerIp'),
      },
      managed(1, 'AWSManagedRulesAmazonIpReputationList'),
      managed(2, 'AWSManagedRulesKnownBadInputsRuleSet'),
      managed(3, 'AWSManagedRulesCommonRuleSet', COUNTED_COMMON_RULES),
    ],
  })
}
