import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { App } from 'aws-cdk-lib'
import { Template } from 'aws-cdk-lib/assertions'
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag'
import { type ClickstreamConfig, ClickstreamStack } from '../src/index.js'

export interface Synthesized {
  stack: ClickstreamStack
  template: Template
  /** The cloud assembly directory (templates and bundled assets). */
  outdir: string
}

const outdirs: string[] = []

/**
 * Synthesizes the stack with the real collector and sessionizer entries (bundled with esbuild) into
 * a temporary cloud assembly; a test file that calls it removes them with `afterAll(removeSynthesized)`.
 */
export function synth(
  config: ClickstreamConfig = {},
  env?: { account: string; region: string },
  /** Changes the stack before it is synthesized (a test that the checks can fail). */
  alter?: (stack: ClickstreamStack) => void,
): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'clickstream-cdk-'))
  outdirs.push(outdir)
  const app = new App({ outdir })
  const stack = new ClickstreamStack(app, 'Clickstream', { config, ...(env ? { env } : {}) })
  alter?.(stack)
  app.synth()
  return { stack, template: Template.fromStack(stack), outdir }
}

/**
 * The bundled `index.mjs` of the function whose environment has `variable` (a name, or
 * `NAME=value` when several functions have the name).
 */
export function bundleOf(synthesized: Synthesized, variable: string): string {
  return join(assetOf(synthesized, variable), 'index.mjs')
}

/** The asset directory (what is zipped and deployed) of the function `variable` names, as `bundleOf`. */
export function assetOf(synthesized: Synthesized, variable: string): string {
  const key = functionOf(synthesized, variable).Properties.Code.S3Key as string | undefined
  if (!key) throw new Error(`the function with ${variable} has no asset`)
  const manifest = JSON.parse(
    readFileSync(join(synthesized.outdir, 'Clickstream.assets.json'), 'utf8'),
  ) as { files: Record<string, { source: { path: string } }> }
  const asset = manifest.files[key.replace(/\.zip$/, '')]
  if (!asset) throw new Error(`asset ${key} is not in the manifest`)
  return join(synthesized.outdir, asset.source.path)
}

/** The environment variables of the function `variable` names, as `bundleOf`. */
export const environmentOf = (
  synthesized: Synthesized,
  variable: string,
): Record<string, unknown> => functionOf(synthesized, variable).Properties.Environment.Variables

// biome-ignore lint/suspicious/noExplicitAny: a CloudFormation resource as the template has it
function functionOf(synthesized: Synthesized, variable: string): any {
  const [name = '', value] = variable.split('=')
  const fn = Object.values(synthesized.template.findResources('AWS::Lambda::Function')).find(
    (f) => {
      const variables = f.Properties.Environment.Variables
      return name in variables && (value === undefined || variables[name] === value)
    },
  )
  if (!fn) throw new Error(`no function has ${variable}`)
  return fn
}

/** Removes every cloud assembly `synth` wrote in this test file. */
export function removeSynthesized(): void {
  for (const dir of outdirs.splice(0)) rmSync(dir, { recursive: true, force: true })
}

/** One unacknowledged cdk-nag finding: the rule (with its finding, `AwsSolutions-IAM5[Resource::*]`), where, why. */
export interface NagFinding {
  rule: string
  /** Construct path of the violating resource. */
  path: string
  description: string
}

/**
 * The findings of cdk-nag's AwsSolutions and Serverless packs on a synthesized stack that no
 * `allowNag` (src/nag.ts) acknowledges, sorted by path.
 */
export function nagFindings(synthesized: Synthesized): NagFinding[] {
  const packs = [new AwsSolutionsChecks(), new ServerlessChecks()]
  return packs
    .flatMap((pack) => pack.validateScope(synthesized.stack).violations)
    .flatMap((v) =>
      v.violatingResources.map((r) => ({
        rule: v.ruleName,
        path: r.constructPath ?? r.resourceLogicalId ?? '?',
        description: v.description,
      })),
    )
    .sort((a, b) => a.path.localeCompare(b.path) || a.rule.localeCompare(b.rule))
}

/**
 * What CDK's built-in CloudFormation validation (the "CloudFormation Validate" plugin: cfn-lint's
 * rules over the resource schemas) reported and nobody acknowledged. The report lists only
 * plugins that found something, so no entry is a clean template.
 */
export function cfnValidationFindings(synthesized: Synthesized): string[] {
  const report = JSON.parse(
    readFileSync(join(synthesized.outdir, 'validation-report.json'), 'utf8'),
  ) as {
    pluginReports: { pluginName: string; violations: { ruleName: string; description: string }[] }[]
  }
  const plugin = report.pluginReports.find((r) => r.pluginName === 'CloudFormation Validate')
  return (plugin?.violations ?? []).map((v) => `${v.ruleName}: ${v.description}`)
}
