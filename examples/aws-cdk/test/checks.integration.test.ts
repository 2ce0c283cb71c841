import type { CfnResource } from 'aws-cdk-lib'
import { PolicyStatement } from 'aws-cdk-lib/aws-iam'
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda'
import { afterAll, describe, expect, it } from 'vitest'
import type { ClickstreamConfig } from '../src/config.js'
import { ConfigError } from '../src/errors.js'
import { cfnValidationFindings, nagFindings, removeSynthesized, synth } from './synth.js'

afterAll(removeSynthesized)

const ACCOUNT = '111111111111'
const WEB_ACL = 'arn:aws:wafv2:us-east-1:111111111111:global/webacl/clickstream/1'

/**
 * The configurations the checks cover: the defaults environment-agnostic and in us-east-1, and
 * in two other regions, where the CDN uses a web ACL made in us-east-1 (or none, or no CDN).
 */
const CASES: [string, ClickstreamConfig, string | undefined][] = [
  ['defaults, environment-agnostic', {}, undefined],
  ['defaults in us-east-1', {}, 'us-east-1'],
  ['eu-west-1 with a web ACL from us-east-1', { webAclArn: WEB_ACL }, 'eu-west-1'],
  ['ap-southeast-2 without the CDN, tracing on', { cdn: false, tracing: true }, 'ap-southeast-2'],
  [
    'us-west-2, provisioned, no archive, no lake, no WAF',
    { streamMode: 'provisioned', archive: false, lake: false, waf: false },
    'us-west-2',
  ],
]

describe('checks', () => {
  for (const [name, config, region] of CASES) {
    it(`${name}: no unacknowledged cdk-nag finding, CloudFormation validation clean`, () => {
      const synthesized = synth(config, region ? { account: ACCOUNT, region } : undefined)
      expect(nagFindings(synthesized)).toEqual([])
      expect(cfnValidationFindings(synthesized)).toEqual([])
    })
  }

  it('the checks can fail: a property CloudFormation does not know, a wildcard grant', () => {
    const synthesized = synth({}, undefined, (stack) => {
      const table = stack.node.findChild('SessionsTable').node.defaultChild as CfnResource
      table.addPropertyOverride('BillingMode', 'FREE_OF_CHARGE')
      const collector = stack.node.findChild('Collector') as LambdaFunction
      collector.addToRolePolicy(new PolicyStatement({ actions: ['s3:*'], resources: ['*'] }))
    })
    expect(cfnValidationFindings(synthesized).join('\n')).toMatch(/FREE_OF_CHARGE/)
    expect(nagFindings(synthesized).map((f) => f.rule)).toContain('AwsSolutions-IAM5[Action::s3:*]')
  })

  it('an environment-agnostic stack with its own WAF fails the deploy outside us-east-1, saying why', () => {
    const { template } = synth()
    const rules = template.toJSON().Rules as Record<
      string,
      { Assertions: { AssertDescription: string }[] }
    >
    const rule = Object.entries(rules).find(([id]) => id.startsWith('WebAclRegionRule'))?.[1]
    expect(rule?.Assertions[0]?.AssertDescription).toMatch(/must be created in us-east-1/)
  })

  it('a stack in another region with its own WAF is refused at synth', () => {
    expect(() => synth({}, { account: ACCOUNT, region: 'eu-west-1' })).toThrow(ConfigError)
    expect(() => synth({}, { account: ACCOUNT, region: 'eu-west-1' })).toThrow(/webAclArn/)
  })
})
