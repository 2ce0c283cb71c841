import { keepAsking, worstBatchBodies } from '@clickstream/test-support'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config/env.js'
import { type RunningCollector, startNodeCollector } from '../src/entrypoints/node.js'
import { silentLogger } from '../src/logger.js'
import { basic } from './helpers.js'

const KEY = 'worst-key'
let collector: RunningCollector

beforeAll(async () => {
  // The Node entry with its memory sinks: what is measured is the collector's own work.
  const config = loadConfig({ PORT: '0', SOURCES: JSON.stringify({ [KEY]: { id: 'worst' } }) })
  collector = await startNodeCollector(config, silentLogger)
})
afterAll(async () => {
  await collector?.close()
})

/** What each of the issue's worst requests must answer: its 4xx, its code, the field named. */
const expected: Record<string, { status: number; code: string; path: string }> = {
  '2,500 tiny messages, a 200 KB batch context (a 325 KB request)': {
    status: 400,
    code: 'invalid_body',
    path: 'context',
  },
  '2,500 tiny messages, a 300 KB batch context (a 425 KB request)': {
    status: 400,
    code: 'invalid_body',
    path: 'context',
  },
  '2,500 tiny messages, a 32 KB batch context (80 MB once merged)': {
    status: 413,
    code: 'output_too_large',
    path: 'batch',
  },
  'batch context nested 100,000 deep': { status: 400, code: 'invalid_body', path: 'context' },
  'batch integrations nested 5,000 deep': {
    status: 400,
    code: 'invalid_body',
    path: 'integrations',
  },
  'batch context with 1e400, __proto__ and a 300-character key': {
    status: 400,
    code: 'invalid_body',
    path: 'context',
  },
}

interface Answer {
  status: number
  body: { error?: { code: string; issues?: { path: string }[] } }
}

const post = async (body: string): Promise<Answer> => {
  const res = await fetch(`${collector.url}/v1/batch`, {
    method: 'POST',
    headers: { authorization: basic(KEY), 'content-type': 'application/json' },
    body,
  })
  return { status: res.status, body: (await res.json()) as Answer['body'] }
}

describe('the worst requests of the hostile-input campaign, on a real server (Node entry)', () => {
  const worst = worstBatchBodies()

  it('lists a code for each worst body', () => {
    expect(worst.map((w) => w.name).sort()).toEqual(Object.keys(expected).sort())
  })

  for (const { name, body } of worst) {
    it(`answers ${name} with its 4xx and code, naming the field`, async () => {
      const want = expected[name]
      const answer = await post(body)
      expect(answer.status).toBe(want?.status)
      expect(answer.body.error?.code).toBe(want?.code)
      expect(answer.body.error?.issues?.[0]?.path.startsWith(want?.path ?? '?')).toBe(true)
    })
  }

  it('answers /health while the worst requests are being handled', async () => {
    const answers: Answer[] = []
    let stop = false
    let turn = 0
    const load = keepAsking(3, async () => {
      if (stop) throw new Error('stopped')
      const { body } = worst[turn++ % worst.length] as { body: string }
      answers.push(await post(body))
    })
    const health: unknown[] = []
    // Once worst requests are in flight, ask for /health again and again among them.
    while (answers.length < 6 || health.length < 5) {
      const res = await fetch(`${collector.url}/health`)
      health.push({ status: res.status, body: await res.json() })
    }
    stop = true
    await load.ended
    expect(health.every((h) => JSON.stringify(h) === '{"status":200,"body":{"ok":true}}')).toBe(
      true,
    )
    expect(answers.length).toBeGreaterThanOrEqual(6)
    for (const a of answers) expect([400, 413]).toContain(a.status)
  })
})
