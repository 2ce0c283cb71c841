import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const exampleDir = new URL('..', import.meta.url).pathname

describe('cdk synth (CLI, bin/app.ts, cdk.json)', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'clickstream-cdk-cli-'))
  afterAll(() => rmSync(outdir, { recursive: true, force: true }))

  // bin/app.ts registers cdk-nag's AwsSolutions and Serverless packs: an unacknowledged finding
  // would fail this synth (exit code 1, "Validation failed").
  it('synthesizes offline with context options and no AWS credentials', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      CDK_DISABLE_CLI_TELEMETRY: 'true',
      CDK_DISABLE_VERSION_CHECK: 'true',
    }
    for (const name of [
      'AWS_PROFILE',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN',
    ])
      delete env[name]
    await run(
      join(exampleDir, 'node_modules/.bin/cdk'),
      [
        'synth',
        '--quiet',
        '--no-notices',
        '--output',
        outdir,
        '-c',
        'stackName=ClickstreamCi',
        '-c',
        'streamMode=provisioned',
        '-c',
        'shardCount=3',
      ],
      { cwd: exampleDir, env, timeout: 110_000 },
    )
    const template = JSON.parse(
      readFileSync(join(outdir, 'ClickstreamCi.template.json'), 'utf8'),
    ) as {
      Resources: Record<string, { Type: string; Properties: { ShardCount?: number } }>
    }
    const shards = Object.values(template.Resources)
      .filter((r) => r.Type === 'AWS::Kinesis::Stream')
      .map((r) => r.Properties.ShardCount)
    expect(shards.sort()).toEqual([1, 3])
  })
})
