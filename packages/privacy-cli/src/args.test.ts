import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parsePrivacyArgs } from './args.js'
import { DeletionStepError, PrivacyArgumentError } from './errors.js'
import { privacyCli } from './run-cli.js'

const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parsePrivacyArgs(argv, env)
const refusal = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
  try {
    parse(argv, env)
  } catch (error) {
    expect(error).toBeInstanceOf(PrivacyArgumentError)
    return (error as Error).message
  }
  throw new Error('accepted')
}

describe('parsePrivacyArgs', () => {
  it('reads ids (repeatable, each once) and the local defaults', () => {
    const config = parse(
      ['delete', '--user', 'u-1', '--anonymous-id', 'a-1', '--user', 'u-1', '--user', 'u-2'],
      {
        CLICKSTREAM_DYNAMODB_PORT: '5000',
      },
    )
    expect(config).toMatchObject({
      command: 'delete',
      ids: [
        { kind: 'userId', id: 'u-1' },
        { kind: 'userId', id: 'u-2' },
        { kind: 'anonymousId', id: 'a-1' },
      ],
      dynamodbEndpoint: 'http://127.0.0.1:5000',
      table: 'clickstream-sessions',
      aws: false,
      concurrency: 4,
    })
    expect(parse(['delete', '--user', 'u', '--data-dir', '/tmp/x'])).toMatchObject({
      dataDir: '/tmp/x',
    })
    expect(parse(['--help'])).toBe('help')
  })

  it('refuses bad input, naming the flag or command', () => {
    expect(refusal([])).toMatch(/no command: pnpm privacy delete/)
    expect(refusal(['erase', '--user', 'u'])).toMatch(/unknown command "erase"/)
    expect(refusal(['delete'])).toMatch(/delete needs --user <userId> or --anonymous-id/)
    expect(refusal(['delete', '--user', ' '])).toMatch(/--user needs a non-empty id/)
    expect(refusal(['delete', '--user'])).toMatch(/--user.*argument missing/)
    expect(refusal(['delete', '--user', 'u', 'extra'])).toMatch(/unexpected "extra"/)
    expect(refusal(['delete', '--user', 'u', '--nope'])).toMatch(/Unknown option '--nope'/)
    expect(refusal(['delete', '--user', 'u', '--concurrency', '0'])).toMatch(
      /--concurrency "0" is not a whole number from 1 to 64/,
    )
    expect(refusal(['delete', '--user', 'u', '--aws'])).toMatch(
      /--aws needs --table \(or CLICKSTREAM_TABLE\)/,
    )
    expect(parse(['delete', '--user', 'u', '--aws'], { CLICKSTREAM_TABLE: 't' })).toMatchObject({
      aws: true,
      table: 't',
    })
  })
})

it('the CLI answers bad input with one line and exit code 2, a step failure with 1', async () => {
  const lines: string[] = []
  const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) }
  expect(await privacyCli(['delete'], {}, io)).toBe(2)
  expect(lines).toEqual(['privacy: delete needs --user <userId> or --anonymous-id <anonymousId>'])
  const step = new DeletionStepError('lake', 'disk gone')
  expect(step.code).toBe('step_failed')
  expect(step.message).toBe(
    'step lake failed: disk gone (run the same command again: it resumes at this step)',
  )
})

it('an unreachable dynalite is named, with exit code 1', async () => {
  const lines: string[] = []
  const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) }
  const dataDir = mkdtempSync(join(tmpdir(), 'privacy-args-'))
  try {
    const endpoint = ['--dynamodb-endpoint', 'http://127.0.0.1:9']
    const code = await privacyCli(
      ['delete', '--user', 'u', ...endpoint, '--data-dir', dataDir],
      {},
      io,
    )
    expect(code).toBe(1)
    expect(lines).toEqual([
      'privacy: cannot reach DynamoDB at http://127.0.0.1:9: is pnpm start running? (or --dynamodb-endpoint)',
    ])
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
})
