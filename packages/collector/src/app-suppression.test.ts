import { createSuppression, personKey, type Suppression } from '@clickstream/privacy'
import { describe, expect, it } from 'vitest'
import { testCollector, thrown, track } from '../test/helpers.js'
import { loadConfig } from './config/env.js'
import { ConfigError } from './errors.js'

const listOf = async (...people: ['userId' | 'anonymousId', string][]) =>
  createSuppression({ v: 1, ids: await Promise.all(people.map(([k, id]) => personKey(k, id))) })

describe('suppressed people', () => {
  it('stores nothing of theirs (no event, no rejected record), answers suppressed, counts them', async () => {
    const suppression = await listOf(['userId', 'deleted-user'], ['anonymousId', 'deleted-anon'])
    const t = testCollector({ suppression: () => suppression })
    const res = await t.post('/v1/batch', {
      batch: [
        track({ messageId: 'kept', userId: 'someone-else' }),
        track({ messageId: 'by-user', userId: 'deleted-user', anonymousId: 'fresh-device' }),
        track({ messageId: 'by-anon', anonymousId: 'deleted-anon' }),
      ],
    })
    const body = (await res.json()) as {
      accepted: number
      rejected: { messageId: string; errors: { code: string }[] }[]
    }
    expect(body.accepted).toBe(1)
    expect(body.rejected.map((r) => [r.messageId, r.errors[0]?.code])).toEqual([
      ['by-user', 'suppressed'],
      ['by-anon', 'suppressed'],
    ])
    expect(t.envelopes().flatMap((e) => e.events.map((m) => m.messageId))).toEqual(['kept'])
    expect(t.rejectSink.records).toHaveLength(0)
    expect(JSON.stringify(t.sink.records.map((r) => new TextDecoder().decode(r.data)))).not.toMatch(
      /deleted-/,
    )
  })

  it('a list that cannot be read: 503 suppression_unavailable, nothing stored', async () => {
    let current: Suppression | undefined
    const t = testCollector({ suppression: () => current })
    const res = await t.post('/v1/batch', { batch: [track()] })
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({ error: { code: 'suppression_unavailable' } })
    current = await listOf()
    expect((await t.post('/v1/batch', { batch: [track()] })).status).toBe(200)
  })

  it('SUPPRESSION inline is checked at start-up: a bad entry is a ConfigError naming it', async () => {
    const base = { SOURCES: '{"k":{"id":"web"}}' }
    const ok = loadConfig({
      ...base,
      SUPPRESSION: JSON.stringify({ v: 1, ids: [await personKey('userId', 'u')] }),
    })
    expect(ok.suppression).toMatchObject({ list: { v: 1 } })
    const bad = thrown(() => loadConfig({ ...base, SUPPRESSION: '{"v":1,"ids":["u-1"]}' }))
    expect(bad).toBeInstanceOf(ConfigError)
    expect(bad?.message).toMatch(/SUPPRESSION: ids\.0: a SHA-256 hex digest/)
    expect(() =>
      loadConfig({ ...base, SUPPRESSION: '{"v":1,"ids":[]}', SUPPRESSION_FILE: '/x' }),
    ).toThrow(/set one/)
    expect(() =>
      loadConfig({ ...base, SUPPRESSION_FILE: '/x', SUPPRESSION_TTL_SECONDS: '0' }),
    ).toThrow(/SUPPRESSION_TTL_SECONDS/)
    const huge = JSON.stringify({
      v: 1,
      ids: Array.from({ length: 1_000_001 }, () => 'a'.repeat(64)),
    })
    expect(() => loadConfig({ ...base, SUPPRESSION: huge })).toThrow(/at most 1000000 entries/)
  })
})
