import { describe, expect, it } from 'vitest'
import { shopPlan } from '../test/plans.js'
import { MAX_PLAN_BYTES, parseTrackingPlan, TrackingPlanError } from './index.js'

function parseError(input: unknown): TrackingPlanError {
  try {
    parseTrackingPlan(input, { name: 'web' })
  } catch (error) {
    if (error instanceof TrackingPlanError) return error
    throw error
  }
  throw new Error('the plan parsed')
}

function withEvent(properties: unknown, extra: Record<string, unknown> = {}): unknown {
  return { name: 'p', events: { 'Order Completed': { properties } }, ...extra }
}

describe('parseTrackingPlan', () => {
  it('reads a plan from JSON text or a value, filling in the default policies', () => {
    const plan = parseTrackingPlan(JSON.stringify(shopPlan), { name: 'web' })
    expect(plan.name).toBe('shop')
    expect(Object.keys(plan.events)).toEqual(['Order Completed', 'Product Viewed'])
    const minimal = parseTrackingPlan({ name: 'min' }, { name: 'inline' })
    expect(minimal).toMatchObject({ unplanned: 'flag', violations: 'flag', events: {} })
  })

  it('names the event and the keyword of an unsupported keyword', () => {
    const error = parseError(
      withEvent({ type: 'object', properties: { total: { type: 'number', if: {} } } }),
    )
    expect(error).toMatchObject({
      code: 'unsupported_keyword',
      plan: 'web',
      event: 'Order Completed',
      keyword: 'if',
    })
    expect(error.path).toBe('properties.properties.total.if')
    expect(error.message).toMatch(
      /^tracking plan "web": event "Order Completed": properties\.properties\.total\.if: unsupported keyword "if"/,
    )
  })

  it('rejects a typo of a keyword instead of checking nothing', () => {
    expect(parseError(withEvent({ type: 'object', requried: ['a'] }))).toMatchObject({
      code: 'unsupported_keyword',
      keyword: 'requried',
    })
  })

  it.each([
    [{ type: 'object', properties: { a: { type: 'strnig' } } }, 'type'],
    [{ type: 'object', required: 'a' }, 'required'],
    [{ type: 'object', properties: { a: { minimum: '1' } } }, 'minimum'],
    [{ type: 'object', properties: { a: { pattern: '(' } } }, 'pattern'],
    [{ type: 'object', properties: { a: { format: 'colour' } } }, 'format'],
    [{ type: 'object', properties: { a: { enum: [] } } }, 'enum'],
    [{ type: 'object', properties: { a: { anyOf: [] } } }, 'anyOf'],
    [{ type: 'object', properties: { a: 'string' } }, 'properties'],
    [{ type: 'array' }, 'type'],
  ])('rejects invalid JSON Schema %j, naming %s', (schema, keyword) => {
    expect(parseError(withEvent(schema))).toMatchObject({
      code: 'invalid_schema',
      event: 'Order Completed',
      keyword,
    })
  })

  it('rejects a $ref cycle, naming the chain', () => {
    const error = parseError(
      withEvent({
        type: 'object',
        properties: { a: { $ref: '#/$defs/a' } },
        $defs: { a: { $ref: '#/$defs/b' }, b: { anyOf: [{ $ref: '#/$defs/a' }] } },
      }),
    )
    expect(error).toMatchObject({ code: 'ref_cycle', event: 'Order Completed', keyword: '$ref' })
    expect(error.message).toContain('#/$defs/a → #/$defs/b → #/$defs/a')
  })

  it('rejects a $ref outside the schema or to a missing definition', () => {
    expect(
      parseError(
        withEvent({ type: 'object', properties: { a: { $ref: 'https://example.test/s.json' } } }),
      ),
    ).toMatchObject({ code: 'unresolved_ref', keyword: '$ref' })
    expect(
      parseError(withEvent({ type: 'object', properties: { a: { $ref: '#/$defs/nope' } } })),
    ).toMatchObject({ code: 'unresolved_ref', keyword: '$ref' })
  })

  it('rejects a plan over the size bound (a 5 MB plan) before parsing it', () => {
    const big = JSON.stringify(
      withEvent({ type: 'object', description: 'x'.repeat(5 * 1024 * 1024) }),
    )
    expect(parseError(big)).toMatchObject({ code: 'too_large' })
    expect(parseError(JSON.parse(big)).message).toContain(`${MAX_PLAN_BYTES}-byte plan limit`)
  })

  it('rejects text that is not JSON and bad plan fields', () => {
    expect(parseError('{')).toMatchObject({ code: 'not_json', plan: 'web' })
    expect(parseError({ name: 'p', unplanned: 'drop' })).toMatchObject({
      code: 'invalid_plan',
      keyword: 'unplanned',
    })
    expect(parseError({ name: 'p', events: { A: { propertes: {} } } })).toMatchObject({
      code: 'invalid_plan',
      event: 'A',
      keyword: 'propertes',
    })
    expect(parseError({ events: {} })).toMatchObject({ code: 'invalid_plan', keyword: 'name' })
  })

  it("holds the plan's own names to its naming convention", () => {
    expect(
      parseError({ name: 'p', naming: { events: 'Title Case' }, events: { order_completed: {} } }),
    ).toMatchObject({ code: 'naming_convention', event: 'order_completed' })
    expect(
      parseError({
        ...(withEvent({ type: 'object', properties: { orderId: {} } }) as object),
        naming: { properties: 'snake_case' },
      }),
    ).toMatchObject({
      code: 'naming_convention',
      event: 'Order Completed',
      path: 'properties.properties.orderId',
    })
  })

  it('names identify and group calls', () => {
    expect(
      parseError({
        name: 'p',
        identify: { traits: { type: 'object', properties: { email: { format: 'mail' } } } },
      }).message,
    ).toMatch(/^tracking plan "web": identify call: traits\.properties\.email\.format/)
  })
})
