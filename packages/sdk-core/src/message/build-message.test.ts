import { validateMessage } from '@clickstream/schema'
import { describe, expect, it } from 'vitest'
import { InvalidMessageError } from '../errors.js'
import {
  buildMessage,
  composeMessage,
  type MessageInput,
  serializeMessage,
} from './build-message.js'
import { mergeContext } from './context.js'

const now = () => Date.parse('2026-11-22T06:00:00.000Z')
const build = (input: MessageInput, context?: Record<string, unknown>) =>
  buildMessage(input, { now, context })
/** What `fn` throws. */
const thrown = (fn: () => unknown): unknown => {
  try {
    fn()
  } catch (error) {
    return error
  }
  throw new Error('expected a throw')
}
const reason = (input: MessageInput) => {
  const result = build(input)
  if (result.ok) throw new Error('expected a drop')
  return result.reason
}

describe('buildMessage', () => {
  it('builds each of the six types as a message the collector accepts', () => {
    const inputs: MessageInput[] = [
      { type: 'track', event: 'Order Completed', properties: { total: 9.5 }, anonymousId: 'a1' },
      { type: 'page', name: 'Home', category: 'Docs', properties: { x: 1 }, anonymousId: 'a1' },
      { type: 'screen', name: 'Settings', userId: 'u1' },
      { type: 'identify', userId: 'u1', traits: { email: 'a@b.c' } },
      { type: 'group', groupId: 'g1', traits: { plan: 'pro' }, anonymousId: 'a1' },
      { type: 'alias', userId: 'u2', previousId: 'u1' },
    ]
    for (const input of inputs) {
      const result = build(input, { library: { name: 'test', version: '1' } })
      if (!result.ok) throw new Error(result.reason)
      expect(validateMessage(JSON.parse(result.event.json))).toMatchObject({ ok: true })
      expect(result.message.type).toBe(input.type)
      expect(result.event.id).toBe(result.message.messageId)
      expect(result.event.bytes).toBe(new TextEncoder().encode(result.event.json).length)
      expect(result.event.enqueuedAt).toBe(now())
    }
  })

  it('sets a UUID messageId and the call time, or keeps the ones given', () => {
    const a = build({ type: 'track', event: 'x', anonymousId: 'a' })
    const b = build({ type: 'track', event: 'x', anonymousId: 'a' })
    if (!a.ok || !b.ok) throw new Error('built')
    expect(a.message.messageId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
    expect(a.message.messageId).not.toBe(b.message.messageId)
    expect(a.message.timestamp).toBe('2026-11-22T06:00:00.000Z')
    const c = build({
      type: 'track',
      event: 'x',
      userId: 42,
      messageId: 'm-1',
      timestamp: new Date('2026-01-02T03:04:05Z'),
    })
    expect(c).toMatchObject({
      ok: true,
      message: { userId: '42', messageId: 'm-1', timestamp: '2026-01-02T03:04:05.000Z' },
    })
  })

  it('merges call context over the automatic context, one level deep', () => {
    const result = build(
      { type: 'page', anonymousId: 'a', context: { page: { title: 'Mine' }, ip: '0.0.0.0' } },
      { page: { title: 'Auto', path: '/p' }, locale: 'en' },
    )
    expect(result).toMatchObject({
      ok: true,
      message: { context: { page: { title: 'Mine', path: '/p' }, locale: 'en', ip: '0.0.0.0' } },
    })
  })

  it('drops bad host input with a reason that names the call and the field', () => {
    const circular: Record<string, unknown> = {}
    circular.self = circular
    expect(reason({ type: 'track', event: 42, anonymousId: 'a' })).toBe(
      'track: event name must be a string, got number',
    )
    expect(reason({ type: 'track', event: '', anonymousId: 'a' })).toMatch(/event name/)
    expect(reason({ type: 'track', event: 'x', anonymousId: 'a', properties: circular })).toMatch(
      /^track: object contains itself \(.*circular/,
    )
    expect(reason({ type: 'track', event: 'x', anonymousId: 'a', properties: { n: 10n } })).toBe(
      'track: properties.n: bigint cannot be sent as JSON',
    )
    expect(reason({ type: 'identify', userId: 'u', traits: { f: () => 1 } })).toBe(
      'identify: traits.f: function cannot be sent as JSON',
    )
    expect(reason({ type: 'track', event: 'x', anonymousId: 'a', properties: 'str' })).toBe(
      'track: properties must be an object, got string',
    )
    expect(reason({ type: 'track', event: 'x' })).toBe(
      'track: one of userId or anonymousId is required',
    )
    expect(reason({ type: 'group', anonymousId: 'a' })).toBe('group: groupId is required')
    expect(reason({ type: 'alias', userId: 'u' })).toBe('alias: previousId is required')
    expect(reason({ type: 'track', event: 'x', anonymousId: {} })).toBe(
      'track: anonymousId must be a string, got object',
    )
    expect(reason({ type: 'page', anonymousId: 'a', timestamp: 'yesterday' })).toMatch(/timestamp/)
    expect(reason({ type: 'nope' as 'track', anonymousId: 'a' })).toBe('nope: unknown type')
    // A host value that throws on its own is still a reason, never a throw.
    expect(reason({ type: 'page', anonymousId: 'a', timestamp: Symbol('t') })).toMatch(/^page: /)
  })

  it('drops a message over 32 KB and keeps one just under', () => {
    const withString = (s: string) =>
      build({ type: 'track', event: 'x', anonymousId: 'a', properties: { s } })
    expect(withString('é'.repeat(17_000))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^track: message is \d+ bytes, over the 32768-byte limit$/),
    })
    expect(withString('é'.repeat(16_000)).ok).toBe(true)
  })
})

describe('composeMessage and serializeMessage', () => {
  it('let a caller rewrite the message in between, re-checking what it produced', () => {
    const message = composeMessage({ type: 'track', event: 'x', anonymousId: 'a' }, { now })
    const rewritten = { ...message, properties: { added: true } }
    expect(serializeMessage(rewritten, 123)).toMatchObject({
      enqueuedAt: 123,
      id: message.messageId,
    })
    const bad = { ...message, properties: { f: Symbol('s') } }
    const error = thrown(() => serializeMessage(bad as never))
    expect(error).toBeInstanceOf(InvalidMessageError)
    expect(error).toMatchObject({
      name: 'InvalidMessageError',
      message: 'properties.f: symbol cannot be sent as JSON',
    })
  })

  it('throw an InvalidMessageError for bad input, naming the field', () => {
    const error = thrown(() => composeMessage({ type: 'track', event: 42, anonymousId: 'a' }))
    expect(error).toBeInstanceOf(InvalidMessageError)
    expect((error as Error).message).toBe('event name must be a string, got number')
    const big = {
      type: 'track',
      event: 'x',
      anonymousId: 'a',
      properties: { s: 'é'.repeat(17_000) },
    }
    const message = composeMessage(big as MessageInput)
    expect(thrown(() => serializeMessage(message))).toBeInstanceOf(InvalidMessageError)
  })
})

describe('mergeContext', () => {
  it('never modifies its inputs', () => {
    const base = { page: { a: 1 } }
    const extra = { page: { b: 2 } }
    expect(mergeContext(base, extra)).toEqual({ page: { a: 1, b: 2 } })
    expect(base).toEqual({ page: { a: 1 } })
    expect(mergeContext(undefined, undefined)).toEqual({})
  })
})
