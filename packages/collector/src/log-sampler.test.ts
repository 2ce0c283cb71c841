import { describe, expect, it } from 'vitest'
import { NOW, testCollector } from '../test/helpers.js'
import { createLogSampler, SAMPLED_SUMMARY_MSG } from './log-sampler.js'
import { createJsonLogger } from './logger.js'
import { createMetrics } from './metrics.js'

/** A JSON logger into an array, and a clock the test moves. */
function recorder() {
  const lines: Record<string, unknown>[] = []
  const clock = { t: NOW }
  const logger = createJsonLogger({
    level: 'debug',
    write: (line) => lines.push(JSON.parse(line)),
    now: () => clock.t,
  })
  return { lines, clock, logger, now: () => clock.t }
}

describe('createLogSampler', () => {
  it('writes the first lines of each key, then sums the interval up in one line', () => {
    const { lines, clock, logger, now } = recorder()
    const sampler = createLogSampler(logger, { firstPerInterval: 3, intervalMs: 1000, now })
    for (let i = 0; i < 50; i++) sampler.warn('a', 'failed', { i })
    for (let i = 0; i < 2; i++) sampler.warn('b', 'failed', { i })
    expect(lines.map((l) => [l.msg, l.i, l.sampled])).toEqual([
      ['failed', 0, undefined],
      ['failed', 1, undefined],
      ['failed', 2, true],
      ['failed', 0, undefined],
      ['failed', 1, undefined],
    ])

    clock.t += 1000
    sampler.warn('b', 'failed', { i: 2 })
    expect(lines.slice(5)).toMatchObject([
      {
        level: 'warn',
        msg: SAMPLED_SUMMARY_MSG,
        since: new Date(NOW).toISOString(),
        intervalMs: 1000,
        counts: { a: 50, b: 2 },
        unlogged: 47,
      },
      { msg: 'failed', i: 2 },
    ])
  })

  it('writes no summary for an interval whose lines were all written', () => {
    const { lines, clock, logger, now } = recorder()
    const sampler = createLogSampler(logger, { firstPerInterval: 3, intervalMs: 1000, now })
    sampler.warn('a', 'failed')
    clock.t += 5000
    sampler.warn('a', 'failed')
    expect(lines.map((l) => l.msg)).toEqual(['failed', 'failed'])
  })
})

describe('collector: 4xx log lines under a flood', () => {
  // 10,000 requests in process: about a second alone, several on a loaded machine (a deadline, not a goal).
  it('10,000 bad requests write a bounded number of lines, with right counts; /metrics counts every one', {
    timeout: 60_000,
  }, async () => {
    const { lines, clock, logger, now } = recorder()
    const metrics = createMetrics()
    const t = testCollector({ logger, metrics, now })
    const bad = [
      () => t.app.request('/nope'),
      () => t.post('/v1/batch', { batch: [] }, { authorization: '' }),
      () => t.post('/v1/batch', '{"batch": ['),
      () => t.post('/v1/batch', '{}', { 'content-type': 'image/png' }),
    ]
    const statuses = new Map<number, number>()
    for (let i = 0; i < 10_000; i++) {
      const res = await (bad[i % bad.length] as () => Promise<Response>)()
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
    }
    const warned = lines.filter((l) => l.level === 'warn')
    expect(warned).toHaveLength(4 * 10)
    expect(new Set(warned.map((l) => l.code))).toEqual(
      new Set(['not_found', 'missing_write_key', 'malformed_json', 'unsupported_media_type']),
    )

    // The next failure after the interval brings the summary.
    clock.t += 60_000
    await t.app.request('/nope')
    const [summary, ...after] = lines.filter((l) => l.level === 'warn').slice(40)
    expect(summary).toMatchObject({
      msg: SAMPLED_SUMMARY_MSG,
      intervalMs: 60_000,
      counts: {
        not_found: 2500,
        missing_write_key: 2500,
        malformed_json: 2500,
        unsupported_media_type: 2500,
      },
      unlogged: 10_000 - 40,
    })
    expect(after).toMatchObject([{ msg: 'request failed', code: 'not_found' }])

    expect(Object.fromEntries(statuses)).toEqual({ 400: 2500, 401: 2500, 404: 2500, 415: 2500 })
    expect(Object.fromEntries(metrics.requests)).toEqual({
      400: 2500,
      401: 2500,
      404: 2501,
      415: 2500,
    })
  })
})
