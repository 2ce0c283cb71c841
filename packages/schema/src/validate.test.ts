import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MAX_BATCH_MESSAGES, MAX_MESSAGE_BYTES } from './limits.js'
import { validateBatch, validateMessage } from './validate.js'

const fixtures = join(import.meta.dirname, '../test/fixtures')
const fixture = (name: string) => JSON.parse(readFileSync(join(fixtures, name), 'utf8'))

const track = (extra: Record<string, unknown> = {}) => ({
  type: 'track',
  event: 'Product Viewed',
  userId: 'u1',
  ...extra,
})

/** The issues of an invalid message, as `path code` pairs. */
function issuesOf(input: unknown) {
  const result = validateMessage(input)
  if (result.ok) throw new Error(`expected invalid, got ${JSON.stringify(result.value)}`)
  return result.issues
}
const codes = (input: unknown) => issuesOf(input).map((i) => `${i.path} ${i.code}`)

describe('validateMessage: real payloads', () => {
  const names = readdirSync(fixtures).filter((f) => f.startsWith('segment-spec-'))
  it.each(names)('accepts %s from Segment’s spec', (name) => {
    const result = validateMessage(fixture(name))
    expect(result).toMatchObject({ ok: true })
  })

  it('accepts analytics.js payloads with userId null and keeps unknown keys', () => {
    const result = validateMessage(fixture('analytics-js-track.json'))
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value).toMatchObject({
      _metadata: { bundled: ['Segment.io'] },
      writeKey: 'dev-write-key',
      context: { userAgentData: { mobile: false } },
    })
  })

  it('keeps unknown top-level keys', () => {
    const result = validateMessage(track({ channel: 'server', version: '1.1' }))
    expect(result).toMatchObject({ ok: true, value: { channel: 'server', version: '1.1' } })
  })

  it('accepts unicode and emoji in names', () => {
    const result = validateMessage(
      track({ event: 'Añadido al carrito 🛒', properties: { 名前: '😀' } }),
    )
    expect(result).toMatchObject({ ok: true, value: { event: 'Añadido al carrito 🛒' } })
  })
})

describe('validateMessage: ids', () => {
  it('rejects a message with neither userId nor anonymousId', () => {
    expect(codes({ type: 'track', event: 'x' })).toEqual([' missing_id'])
    expect(issuesOf({ type: 'page' })[0]?.message).toBe(
      'message: one of userId or anonymousId is required',
    )
  })

  it('treats null ids as absent', () => {
    expect(codes({ type: 'identify', userId: null, anonymousId: null })).toEqual([' missing_id'])
  })

  it('treats empty ids as absent: both empty (or the only one empty) is missing_id', () => {
    expect(codes({ type: 'track', event: 'x', userId: '', anonymousId: '' })).toEqual([
      ' missing_id',
    ])
    expect(codes(track({ userId: '' }))).toEqual([' missing_id'])
    expect(codes({ type: 'page', anonymousId: '', userId: null })).toEqual([' missing_id'])
  })

  it.each([
    ['userId', { userId: '', anonymousId: 'a1' }],
    ['anonymousId', { anonymousId: '', userId: 'u1' }],
  ])('drops an empty %s beside a present other id (RudderStack before identify)', (key, ids) => {
    for (const type of ['track', 'page', 'identify', 'group'] as const) {
      const input = { type, event: 'e', groupId: 'g', ...ids, properties: { n: 1 } }
      const result = validateMessage(input)
      if (!result.ok) throw new Error(JSON.stringify(result.issues))
      expect(Object.hasOwn(result.value, key)).toBe(false)
      expect(result.value).toEqual(
        Object.fromEntries(Object.entries(input).filter(([k]) => k !== key)),
      )
      expect(input[key as keyof typeof input]).toBe('') // the input itself is not changed
    }
  })

  it('keeps an empty userId an error on alias, where userId is required', () => {
    expect(codes({ type: 'alias', userId: '', previousId: 'p' })).toEqual(['userId empty'])
    const alias = validateMessage({ type: 'alias', userId: 'u', previousId: 'p', anonymousId: '' })
    expect(alias).toEqual({ ok: true, value: { type: 'alias', userId: 'u', previousId: 'p' } })
  })

  it('drops empty ids in a batch too, where the collector reads them', () => {
    const result = validateBatch({ batch: [track({ userId: '', anonymousId: 'a1' })] })
    if (!result.ok) throw new Error('expected ok')
    expect(result.value.valid[0]?.message).toEqual({
      type: 'track',
      event: 'Product Viewed',
      anonymousId: 'a1',
    })
  })

  it('accepts anonymousId alone', () => {
    expect(validateMessage({ type: 'page', anonymousId: 'a1' }).ok).toBe(true)
  })

  it('requires userId and previousId on alias', () => {
    expect(codes({ type: 'alias', anonymousId: 'a' })).toEqual([
      'userId required',
      'previousId required',
    ])
  })

  it('caps messageId at 100 characters', () => {
    expect(validateMessage(track({ messageId: 'm'.repeat(100) })).ok).toBe(true)
    expect(issuesOf(track({ messageId: 'm'.repeat(101) }))).toEqual([
      {
        path: 'messageId',
        code: 'too_long',
        message: 'messageId: must be at most 100 characters, got 101',
      },
    ])
  })
})

describe('validateMessage: types of every field', () => {
  it.each([
    ['messageId', 42, 'expected string, got number'],
    ['anonymousId', true, 'expected string, got boolean'],
    ['userId', ['u'], 'expected string, got array'],
    ['timestamp', 1700000000000, 'expected string, got number'],
    ['sentAt', {}, 'expected string, got object'],
    ['originalTimestamp', false, 'expected string, got boolean'],
    ['receivedAt', 1, 'expected string, got number'],
    ['context', 'ctx', 'expected object, got string'],
    ['integrations', [], 'expected record, got array'],
    ['properties', 'p', 'expected record, got string'],
    ['event', 7, 'expected string, got number'],
  ])('%s = %j is invalid_type', (field, value, detail) => {
    expect(issuesOf(track({ [field]: value }))).toContainEqual({
      path: field,
      code: 'invalid_type',
      message: `${field}: ${detail}`,
    })
  })

  it('names nested fields in context', () => {
    expect(issuesOf(track({ context: { page: { url: 5 } } }))).toContainEqual({
      path: 'context.page.url',
      code: 'invalid_type',
      message: 'context.page.url: expected string, got number',
    })
  })

  it.each([
    ['group', { groupId: 5 }, 'groupId invalid_type'],
    ['group', {}, 'groupId required'],
    ['identify', { traits: 'vip' }, 'traits invalid_type'],
    ['screen', { name: 3 }, 'name invalid_type'],
    ['page', { category: [] }, 'category invalid_type'],
  ])('%s %j → %s', (type, extra, expected) => {
    expect(codes({ type, userId: 'u', ...extra })).toContain(expected)
  })

  it('requires event on track and rejects an empty one', () => {
    expect(codes({ type: 'track', userId: 'u' })).toEqual(['event required'])
    expect(codes(track({ event: '' }))).toEqual(['event empty'])
  })

  it('caps event names', () => {
    expect(codes(track({ event: 'e'.repeat(257) }))).toEqual(['event too_long'])
  })
})

describe('validateMessage: type', () => {
  it('requires type', () => {
    expect(codes({ userId: 'u' })).toEqual(['type required'])
  })
  it('names the six types when type is unknown', () => {
    expect(issuesOf({ type: 'click', userId: 'u' })[0]).toEqual({
      path: 'type',
      code: 'unknown_type',
      message: 'type: expected one of track, page, screen, identify, group, alias, got "click"',
    })
  })
  it('rejects a non-string type', () => {
    expect(codes({ type: 1, userId: 'u' })).toEqual(['type unknown_type'])
  })
})

describe('validateMessage: timestamps', () => {
  it.each([
    '2024-03-01T10:15:30Z',
    '2024-03-01T10:15:30.123Z',
    '2024-03-01T10:15:30.123456+02:00',
    '2024-03-01T10:15:30-0500',
    '2024-03-01T10:15:30',
    '2024-03-01T10:15',
  ])('accepts %s', (timestamp) => {
    expect(validateMessage(track({ timestamp })).ok).toBe(true)
  })

  it.each([
    'yesterday',
    '',
    '2024-02-30T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-03-01',
    '1700000000',
    'Fri, 01 Mar 2024 10:15:30 GMT',
  ])('rejects %j with invalid_timestamp', (timestamp) => {
    expect(codes(track({ timestamp }))).toEqual(['timestamp invalid_timestamp'])
  })
})

describe('validateMessage: hostile input', () => {
  it.each([null, [], [track()], 42, 'track', true, undefined])('rejects non-object %j', (input) => {
    expect(codes(input)).toEqual([' invalid_type'])
  })

  it('refuses a 10 MB string without building its JSON', () => {
    const issues = issuesOf(track({ properties: { blob: 'x'.repeat(10_000_000) } }))
    expect(issues).toEqual([
      expect.objectContaining({ path: 'properties.blob', code: 'too_large' }),
    ])
  })

  it('refuses a message over 32 KB', () => {
    const properties = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [`k${i}`, 'x'.repeat(1000)]),
    )
    expect(codes(track({ properties }))).toEqual([' too_large'])
  })

  it('accepts a message just under 32 KB', () => {
    const base = JSON.stringify(track({ properties: { pad: '' } })).length
    const result = validateMessage(
      track({ properties: { pad: 'x'.repeat(MAX_MESSAGE_BYTES - base) } }),
    )
    expect(result.ok).toBe(true)
  })

  it('counts bytes, not characters', () => {
    const base = JSON.stringify(track({ properties: { pad: '' } })).length
    const emoji = '😀'.repeat(Math.ceil((MAX_MESSAGE_BYTES - base) / 3))
    expect(codes(track({ properties: { pad: emoji } }))).toEqual([' too_large'])
  })

  it('refuses nesting 1,000 deep without recursing through it', () => {
    const root: Record<string, unknown> = {}
    let node = root
    for (let i = 0; i < 1000; i++) {
      const next = {}
      node.a = next
      node = next
    }
    expect(codes(track({ properties: root }))).toEqual(['properties too_deep'])
    const arrays = JSON.parse(`${'['.repeat(1000)}${']'.repeat(1000)}`)
    expect(codes({ type: 'identify', userId: 'u', traits: { a: arrays } })).toEqual([
      'traits too_deep',
    ])
  })

  it('rejects __proto__ keys and pollutes nothing', () => {
    const input = JSON.parse(
      '{"type":"identify","userId":"u","traits":{"__proto__":{"polluted":true}}}',
    )
    expect(issuesOf(input)).toEqual([
      {
        path: 'traits.__proto__',
        code: 'forbidden_key',
        message: 'traits.__proto__: key "__proto__" is not allowed',
      },
    ])
    const top = JSON.parse('{"type":"page","userId":"u","__proto__":{"polluted":true}}')
    expect(codes(top)).toEqual(['__proto__ forbidden_key'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('keeps constructor and prototype keys as plain data', () => {
    const input = JSON.parse(
      '{"type":"track","event":"e","userId":"u","properties":{"constructor":{"prototype":{"x":1}},"prototype":"p"}}',
    )
    const result = validateMessage(input)
    expect(result).toMatchObject({ ok: true })
    if (!result.ok || result.value.type !== 'track') return
    expect(Object.hasOwn(result.value.properties ?? {}, 'constructor')).toBe(true)
    expect(result.value.properties?.prototype).toBe('p')
    expect((Object.prototype as Record<string, unknown>).x).toBeUndefined()
  })

  it('rejects NaN and Infinity (JS callers) with not_finite', () => {
    expect(codes(track({ properties: { a: Number.NaN, b: Number.POSITIVE_INFINITY } }))).toEqual([
      'properties.a not_finite',
      'properties.b not_finite',
    ])
  })

  it('rejects values JSON cannot carry', () => {
    const circular: Record<string, unknown> = {}
    circular.self = circular
    expect(
      codes(
        track({
          properties: {
            f: () => 1,
            b: 10n,
            s: Symbol('s'),
            arr: [undefined],
            c: circular,
            m: new Map(),
          },
        }),
      ),
    ).toEqual([
      'properties.f not_json',
      'properties.b not_json',
      'properties.s not_json',
      'properties.arr[0] not_json',
      'properties.c.self circular',
      'properties.m not_json',
    ])
  })

  it('caps key length', () => {
    expect(codes(track({ properties: { ['k'.repeat(300)]: 1 } }))).toEqual(['properties too_long'])
  })

  it('bounds the issues reported for one message', () => {
    const properties = Object.fromEntries(
      Array.from({ length: 500 }, (_, i) => [`k${i}`, Number.NaN]),
    )
    expect(issuesOf(track({ properties })).length).toBeLessThanOrEqual(20)
  })
})

describe('validateBatch', () => {
  it('accepts analytics-node’s batch and keeps request fields', () => {
    const result = validateBatch(fixture('analytics-node-batch.json'))
    expect(result).toMatchObject({
      ok: true,
      value: {
        request: { writeKey: 'dev-write-key', sentAt: '2024-03-01T10:15:30.500Z' },
        invalid: [],
      },
    })
    if (result.ok) expect(result.value.valid.map((v) => v.index)).toEqual([0, 1])
  })

  it('validates messages one by one: invalid ones never fail valid ones', () => {
    const result = validateBatch({
      batch: [
        track(),
        { type: 'track', messageId: 'bad-1', userId: 'u' },
        'junk',
        track({ userId: 'u2' }),
      ],
    })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value.valid.map((v) => v.index)).toEqual([0, 3])
    expect(result.value.invalid).toEqual([
      {
        index: 1,
        messageId: 'bad-1',
        issues: [{ path: 'event', code: 'required', message: 'event: is required' }],
      },
      {
        index: 2,
        messageId: undefined,
        issues: [
          { path: '', code: 'invalid_type', message: 'message: expected object, got string' },
        ],
      },
    ])
  })

  it.each([
    [null, ' invalid_type'],
    [[], ' invalid_type'],
    [{}, 'batch required'],
    [{ batch: {} }, 'batch invalid_type'],
    [{ batch: [], sentAt: 'soon' }, 'sentAt invalid_timestamp'],
    [{ batch: [], writeKey: 1 }, 'writeKey invalid_type'],
  ])('rejects request %j as a whole', (input, expected) => {
    const result = validateBatch(input)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.issues.map((i) => `${i.path} ${i.code}`)).toEqual([expected])
  })

  it('refuses more than 2,500 messages without validating them', () => {
    const result = validateBatch({
      batch: Array.from({ length: MAX_BATCH_MESSAGES + 1 }, () => track()),
    })
    expect(result).toMatchObject({ ok: false, issues: [{ path: 'batch', code: 'too_large' }] })
    expect(
      validateBatch({ batch: Array.from({ length: MAX_BATCH_MESSAGES }, () => track()) }).ok,
    ).toBe(true)
  })
})
