import { MAX_NESTING_DEPTH } from '@clickstream/schema/lite'
import type { TrackingPlanInput } from '@clickstream/tracking-plan'
import { describe, expect, it } from 'vitest'
import { testCollector, thrown, track, WRITE_KEY } from '../test/helpers.js'
import { loadConfig, parseSources } from './config/env.js'
import { createRefreshing } from './config/refreshing.js'
import { ConfigError } from './errors.js'
import { createMetrics, renderMetrics } from './metrics.js'

const plan = (over: Partial<TrackingPlanInput> = {}): TrackingPlanInput => ({
  name: 'shop',
  naming: { events: 'Title Case' },
  events: {
    'Order Completed': {
      properties: {
        type: 'object',
        properties: { order_id: { type: 'string' }, total: { type: 'number' } },
        required: ['order_id'],
      },
    },
  },
  ...over,
})

const collector = (trackingPlan: TrackingPlanInput) => {
  const metrics = createMetrics()
  return {
    metrics,
    ...testCollector({ sources: { [WRITE_KEY]: { id: 'web', trackingPlan } }, metrics }),
  }
}

interface Answer {
  accepted: number
  rejected: { index: number; messageId?: string; errors: { path: string; code: string }[] }[]
}

const order = (properties: Record<string, unknown>, over: Record<string, unknown> = {}) =>
  track({ event: 'Order Completed', properties, ...over })

describe('tracking plans per source', () => {
  it('allow: keeps events that break the plan as they are, records nothing', async () => {
    const t = collector(plan({ unplanned: 'allow', violations: 'allow' }))
    const res = await t.post('/v1/batch', { batch: [order({ total: '5' }), track({ event: 'x' })] })
    expect(await res.json()).toMatchObject({ accepted: 2, rejected: [] })
    const events = t.envelopes().flatMap((e) => e.events)
    expect(events.map((e) => e.context?.violations)).toEqual([undefined, undefined])
    expect(t.rejected()).toEqual([])
  })

  it('flag: keeps the event with context.violations and writes a plan_flagged rejected record', async () => {
    const t = collector(plan({ violations: 'flag' }))
    const bad = order({ total: '5' }, { messageId: 'bad', context: { locale: 'de-DE' } })
    const res = await t.post('/v1/batch', { batch: [order({ order_id: 'o1' }), bad] })
    expect(await res.json()).toMatchObject({ accepted: 2, rejected: [] })
    const [good, flagged] = t.envelopes().flatMap((e) => e.events)
    expect(good?.context?.violations).toBeUndefined()
    expect(flagged?.context).toMatchObject({
      locale: 'de-DE',
      violations: [
        { path: 'properties.order_id', code: 'required' },
        {
          path: 'properties.total',
          code: 'invalid_type',
          message: 'properties.total: expected number, got string',
        },
      ],
    })
    const [record] = t.rejected()
    expect(record).toMatchObject({
      reason: 'plan_flagged',
      index: 1,
      messageId: 'bad',
      sourceId: 'web',
    })
    expect(record?.issues.map((i) => i.code)).toEqual(['required', 'invalid_type'])
    expect(JSON.parse(record?.raw ?? '')).toMatchObject({
      messageId: 'bad',
      properties: { total: '5' },
    })
    expect(t.metrics.planViolations).toEqual({ flagged: 1, blocked: 0 })
    expect(renderMetrics(t.metrics)).toContain(
      'collector_events_plan_violations_total{action="flagged"} 1',
    )
  })

  it('block: rejects the event with its violations as the per-event reasons, and a plan_blocked record', async () => {
    const t = collector(plan({ violations: 'block', unplanned: 'flag' }))
    const res = await t.post('/v1/batch', {
      batch: [
        order({ order_id: 'o1' }),
        order({ order_id: 7 }, { messageId: 'blocked' }),
        track({ event: 'Cart Viewed' }),
      ],
    })
    const body = (await res.json()) as Answer
    expect(body.accepted).toBe(2)
    expect(body.rejected).toEqual([
      {
        index: 1,
        messageId: 'blocked',
        errors: [
          {
            path: 'properties.order_id',
            code: 'invalid_type',
            message: 'properties.order_id: expected string, got number',
          },
        ],
      },
    ])
    expect(t.envelopes().flatMap((e) => e.events.map((m) => m.event))).toEqual([
      'Order Completed',
      'Cart Viewed',
    ])
    expect(t.rejected().map((r) => [r.reason, r.index, r.issues[0]?.code])).toEqual([
      ['plan_blocked', 1, 'invalid_type'],
      ['plan_flagged', 2, 'unplanned_event'],
    ])
    expect(t.metrics).toMatchObject({ rejected: 0, planViolations: { flagged: 1, blocked: 1 } })
  })

  it('blocks on the single-message routes too, naming violations against the naming convention', async () => {
    const t = collector(plan({ unplanned: 'block', violations: 'block' }))
    const res = await t.post('/v1/track', {
      event: 'order_completed',
      anonymousId: 'a',
      messageId: 'm',
    })
    expect(((await res.json()) as Answer).rejected[0]?.errors.map((e) => e.code)).toEqual([
      'naming_convention',
      'unplanned_event',
    ])
    expect(t.envelopes()).toEqual([])
  })

  it("owns context.violations: a client's own is removed from an event that follows the plan", async () => {
    const t = collector(plan())
    await t.post('/v1/batch', {
      batch: [order({ order_id: 'o1' }, { context: { locale: 'de', violations: ['fake'] } })],
    })
    expect(t.envelopes()[0]?.events[0]?.context).toEqual({ locale: 'de' })
  })

  it('checks the event as stored: after the privacy rules', async () => {
    const t = testCollector({
      sources: {
        [WRITE_KEY]: {
          id: 'web',
          privacy: { drop: ['properties.email'] },
          trackingPlan: plan({
            events: {
              'Signed Up': {
                properties: {
                  type: 'object',
                  properties: { plan: { type: 'string' } },
                  additionalProperties: false,
                },
              },
            },
          }),
        },
      },
    })
    await t.post('/v1/batch', {
      batch: [track({ event: 'Signed Up', properties: { plan: 'pro', email: 'a@b.example' } })],
    })
    expect(t.envelopes()[0]?.events[0]?.context?.violations).toBeUndefined()
    expect(t.rejected()).toEqual([])
  })

  it('an event with 1,000 properties is checked, its violations capped at 20; deeper than the schema allows is too_deep before any plan', async () => {
    const t = collector(
      plan({
        events: {
          Wide: { properties: { type: 'object', additionalProperties: { type: 'string' } } },
        },
        naming: {},
      }),
    )
    const properties = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`p${i}`, i]))
    let deep: Record<string, unknown> = { leaf: 1 }
    for (let i = 0; i < MAX_NESTING_DEPTH + 4; i++) deep = { deep }
    const res = await t.post('/v1/batch', {
      batch: [track({ event: 'Wide', properties }), track({ event: 'Wide', properties: deep })],
    })
    const body = (await res.json()) as Answer
    expect(body.accepted).toBe(1)
    expect(body.rejected[0]).toMatchObject({ index: 1, errors: [{ code: 'too_deep' }] })
    const violations = t.envelopes()[0]?.events[0]?.context?.violations as unknown[]
    expect(violations).toHaveLength(20)
    expect(t.rejected().map((r) => r.reason)).toEqual([undefined, 'plan_flagged'])
  })
})

describe('tracking plans in SOURCES', () => {
  const sources = (trackingPlan: unknown) =>
    JSON.stringify({ [WRITE_KEY]: { id: 'web', trackingPlan } })

  it('reads a plan inline, from env:<NAME> and from file:<path>', () => {
    const inline = parseSources(sources(plan()))
    expect(inline[WRITE_KEY]?.trackingPlan).toMatchObject({ name: 'shop', unplanned: 'flag' })
    const env = loadConfig({
      SOURCES: sources('env:SHOP_PLAN'),
      SHOP_PLAN: JSON.stringify(plan({ name: 'from-env' })),
    })
    expect(env.sources[WRITE_KEY]?.trackingPlan).toMatchObject({ name: 'from-env' })
    const files: Record<string, string> = {
      'plans/shop.json': JSON.stringify(plan({ name: 'from-file' })),
    }
    const file = loadConfig(
      { SOURCES: sources('file:plans/shop.json') },
      { readFile: (p) => files[p] ?? '' },
    )
    expect(file.sources[WRITE_KEY]?.trackingPlan).toMatchObject({ name: 'from-file' })
  })

  it('a bad plan is a start-up ConfigError naming the source, the event and the keyword, never the key', () => {
    const bad = plan({
      events: {
        'Order Completed': {
          properties: { type: 'object', properties: { total: { type: 'number', if: {} } } },
        },
      },
    })
    const error = thrown(() => parseSources(sources(bad)))
    expect(error).toBeInstanceOf(ConfigError)
    expect(error?.message).toMatch(
      /^SOURCES: source 1 "web": trackingPlan: tracking plan "web": event "Order Completed": properties\.properties\.total\.if: unsupported keyword "if"/,
    )
    expect(error?.message).not.toContain(WRITE_KEY)
    expect(thrown(() => loadConfig({ SOURCES: sources('env:NOPE') }))?.message).toBe(
      'SOURCES: source 1 "web": trackingPlan: NOPE is not set',
    )
    expect(thrown(() => loadConfig({ SOURCES: sources('file:x.json') }))?.message).toMatch(
      /file:x\.json needs a file system/,
    )
    expect(
      thrown(() =>
        loadConfig(
          { SOURCES: sources('file:x.json') },
          {
            readFile: () => {
              throw Object.assign(new Error('x'), { code: 'ENOENT' })
            },
          },
        ),
      )?.message,
    ).toMatch(/cannot read x\.json: ENOENT/)
    expect(thrown(() => loadConfig({ SOURCES: sources('shop.json') }))?.message).toMatch(
      /expected the plan itself, file:<path> or env:<NAME>/,
    )
    const big = JSON.stringify(
      plan({
        description: 'x'.repeat(1000),
        events: { A: { description: 'y'.repeat(5 * 1024 * 1024) } },
      }),
    )
    expect(thrown(() => loadConfig({ SOURCES: sources('env:BIG'), BIG: big }))?.message).toMatch(
      /tracking plan "BIG": \d+ bytes is larger than the 1048576-byte plan limit/,
    )
  })

  it('re-read sources (the Lambda entry) keep the last good plan when a new read has a bad one', async () => {
    let now = 0
    let text = sources(plan({ name: 'v1' }))
    const errors: unknown[] = []
    const refreshing = createRefreshing({
      read: async () => parseSources(text),
      ttlMs: 1000,
      maxStaleMs: 10_000,
      onError: (error) => errors.push(error),
      now: () => now,
    })
    await refreshing.refresh()
    text = sources(plan({ name: 'v2', unplanned: 'drop' as never }))
    now = 2000
    await refreshing.refresh()
    expect(refreshing.current()?.[WRITE_KEY]?.trackingPlan).toMatchObject({ name: 'v1' })
    expect(errors).toHaveLength(1)
    expect(errors[0]).toBeInstanceOf(ConfigError)
    expect(String(errors[0])).toMatch(
      /source 1 "web": trackingPlan: tracking plan "web": unplanned/,
    )
  })

  it('a plan given to createApp unparsed is checked when the app is built', () => {
    const bad = plan({ unplanned: 'drop' as never })
    expect(
      thrown(() => testCollector({ sources: { [WRITE_KEY]: { id: 'web', trackingPlan: bad } } }))
        ?.message,
    ).toMatch(/^source "web": tracking plan "web": unplanned: /)
  })
})
