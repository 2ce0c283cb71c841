import { describe, expect, it } from 'vitest'
import { testCollector, thrown, track, WRITE_KEY } from '../test/helpers.js'
import { parseSources } from './config/env.js'
import { ConfigError } from './errors.js'
import { reduceUserAgent } from './privacy/apply.js'
import type { PrivacyConfig } from './privacy/rules.js'

const KEY = 'k'.repeat(32)
const collector = (privacy: PrivacyConfig) =>
  testCollector({ sources: { [WRITE_KEY]: { id: 'web', privacy } } })
const consent = (preferences: Record<string, boolean>) => ({
  context: { consent: { categoryPreferences: preferences } },
})

describe('privacy rules per source', () => {
  it('drops keys and hashes values (HMAC, stable, keyed), leaving the rest as sent', async () => {
    const t = collector({
      drop: ['properties.email', 'context.traits.phone'],
      hash: ['userId', 'properties.customer'],
      hashKey: KEY,
    })
    const message = track({
      userId: 'u-1',
      properties: { email: 'a@b.example', customer: 'c-42', plan: 'pro' },
      context: { traits: { phone: '123', name: 'Ann' } },
    })
    await t.post('/v1/batch', { batch: [message, { ...message, messageId: 'm-2' }] })
    const [first, second] = t.envelopes().flatMap((e) => e.events)
    expect(first?.properties).toEqual({
      customer: expect.stringMatching(/^[0-9a-f]{64}$/),
      plan: 'pro',
    })
    expect(first?.context?.traits).toEqual({ name: 'Ann' })
    expect(first?.userId).toMatch(/^[0-9a-f]{64}$/)
    expect(second?.userId).toBe(first?.userId)
    // Another key, another hash: the value cannot be guessed by hashing candidates without it.
    const other = collector({ hash: ['userId'], hashKey: 'x'.repeat(32) })
    await other.post('/v1/batch', { batch: [message] })
    expect(other.envelopes()[0]?.events[0]?.userId).not.toBe(first?.userId)
    expect(JSON.stringify(t.sink.records.map((r) => new TextDecoder().decode(r.data)))).not.toMatch(
      /a@b\.example|c-42|"u-1"/,
    )
  })

  it('drops an event without the consent a rule needs: a consent_denied rejection, counted', async () => {
    const t = collector({ consent: [{ category: 'analytics', action: 'drop' }] })
    const res = await t.post('/v1/batch', {
      batch: [
        track({ messageId: 'yes', ...consent({ analytics: true }) }),
        track({ messageId: 'no', ...consent({ analytics: false }) }),
        track({ messageId: 'unknown' }),
      ],
    })
    const body = (await res.json()) as {
      accepted: number
      rejected: { messageId: string; errors: { code: string; path: string }[] }[]
    }
    expect(body.accepted).toBe(1)
    expect(body.rejected.map((r) => r.messageId)).toEqual(['no', 'unknown'])
    expect(body.rejected[0]?.errors[0]).toMatchObject({
      code: 'consent_denied',
      path: 'context.consent.categoryPreferences.analytics',
    })
    expect(t.envelopes().flatMap((e) => e.events.map((m) => m.messageId))).toEqual(['yes'])
    expect(t.rejected().map((r) => r.issues[0]?.code)).toEqual(['consent_denied', 'consent_denied'])
  })

  it('strips keys without consent, keeps the event; unknownConsent allow lets unknown through', async () => {
    const t = collector({
      consent: [
        { category: 'marketing', action: 'strip', keys: ['context.campaign', 'properties.gclid'] },
      ],
      unknownConsent: 'allow',
    })
    const campaign = { context: { campaign: { source: 'ads' } }, properties: { gclid: 'g', x: 1 } }
    await t.post('/v1/batch', {
      batch: [
        track({
          ...campaign,
          context: { ...campaign.context, ...consent({ marketing: false }).context },
        }),
        track({ ...campaign, messageId: 'm-unknown' }),
      ],
    })
    const [stripped, unknown] = t.envelopes().flatMap((e) => e.events)
    expect(stripped?.properties).toEqual({ x: 1 })
    expect(stripped?.context?.campaign).toBeUndefined()
    expect(unknown?.properties).toEqual({ gclid: 'g', x: 1 })
  })

  it('reduces the user agent and its client hints; anonymises per source', async () => {
    const t = testCollector({
      sources: { [WRITE_KEY]: { id: 'web', privacy: { userAgent: 'reduce', anonymizeIp: true } } },
      connectionIp: () => '203.0.113.77',
    })
    const ua =
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.109 Safari/537.36'
    await t.post('/v1/batch', {
      batch: [
        track({
          context: {
            userAgent: ua,
            userAgentData: {
              brands: [{ brand: 'Chrome', version: '120' }],
              mobile: false,
              platform: 'Linux',
              platformVersion: '6.5.0',
              model: 'X',
            },
          },
        }),
      ],
    })
    const context = t.envelopes()[0]?.events[0]?.context
    expect(context?.userAgent).toBe(
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.0 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.0',
    )
    expect(context?.userAgentData).toEqual({
      brands: [{ brand: 'Chrome', version: '120' }],
      mobile: false,
      platform: 'Linux',
    })
    expect(context?.ip).toBe('203.0.113.0')
  })

  it('reduceUserAgent keeps majors only', () => {
    expect(reduceUserAgent('Firefox/121.0.1 rv:121.0')).toBe('Firefox/121.0.0 rv:121.0')
    expect(reduceUserAgent('iPhone OS 17_1_2')).toBe('iPhone OS 17_0_0')
  })
})

describe('privacy rules in SOURCES', () => {
  const bad: [unknown, RegExp][] = [
    [{ hash: ['properties.email'] }, /source 1 "web": privacy\.hashKey: hash needs hashKey/],
    [{ hash: ['userId'], hashKey: 'short' }, /privacy\.hashKey: at least 32 characters/],
    [{ drop: ['email'] }, /privacy\.drop\.0: a dotted path under properties, traits, context/],
    [
      { consent: [{ category: 'ads', action: 'strip' }] },
      /privacy\.consent\.0\.keys: a strip rule names the keys/,
    ],
    [{ consent: [{ category: 'ads', action: 'block' }] }, /privacy\.consent\.0\.action/],
    [{ dropp: [] }, /privacy: Unrecognized key/],
    [{ drop: ['properties.__proto__'] }, /privacy\.drop\.0: a dotted path/],
    [{ drop: Array.from({ length: 101 }, (_, i) => `properties.k${i}`) }, /privacy\.drop: .*100/],
    [{ consent: [{ category: 'x'.repeat(101), action: 'drop' }] }, /privacy\.consent\.0\.category/],
  ]
  it.each(bad)(
    'a malformed rule is a ConfigError naming it, never the write key: %j',
    (privacy, message) => {
      const text = JSON.stringify({ wk_secret_key: { id: 'web', privacy } })
      const error = thrown(() => parseSources(text))
      expect(error).toBeInstanceOf(ConfigError)
      expect(error?.message).toMatch(message)
      expect(error?.message).not.toContain('wk_secret_key')
    },
  )
})
