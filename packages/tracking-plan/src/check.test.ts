import { describe, expect, it } from 'vitest'
import { shopPlan } from '../test/plans.js'
import { checkEvent, enforcePlan, parseTrackingPlan } from './index.js'

const plan = parseTrackingPlan(shopPlan, { name: 'web' })

describe('checkEvent', () => {
  it('finds nothing in an event that follows the plan', () => {
    expect(
      checkEvent(plan, {
        type: 'track',
        event: 'Order Completed',
        properties: { order_id: 'o1', total: 5, items: [{ sku: 'a' }] },
      }),
    ).toEqual([])
    expect(
      checkEvent(plan, { type: 'track', event: 'Product Viewed', properties: { any_thing: 1 } }),
    ).toEqual([])
    expect(checkEvent(plan, { type: 'alias' })).toEqual([])
  })

  it('gives each violation a field path, a code and a message naming the field', () => {
    const violations = checkEvent(plan, {
      type: 'track',
      event: 'Order Completed',
      properties: { total: '5', currency: 'GBP', items: [{ sku: 1, colour: 'red' }] },
    })
    expect(violations).toEqual([
      {
        path: 'properties.order_id',
        code: 'required',
        message: 'properties.order_id: is required by the tracking plan',
      },
      {
        path: 'properties.total',
        code: 'invalid_type',
        message: 'properties.total: expected number, got string',
      },
      {
        path: 'properties.currency',
        code: 'not_in_enum',
        message: expect.stringContaining(
          'properties.currency: does not match any of ["EUR","USD"]',
        ),
      },
      {
        path: 'properties.items[0].sku',
        code: 'invalid_type',
        message: 'properties.items[0].sku: expected string, got number',
      },
      {
        path: 'properties.items[0].colour',
        code: 'not_allowed',
        message: 'properties.items[0].colour: is not in the tracking plan',
      },
    ])
  })

  it('checks an absent properties object as an empty one', () => {
    expect(checkEvent(plan, { type: 'track', event: 'Order Completed' })).toMatchObject([
      { path: 'properties.order_id', code: 'required' },
    ])
  })

  it('reports unplanned events and names against the convention', () => {
    expect(
      checkEvent(plan, { type: 'track', event: 'checkout_started', properties: { cartId: 1 } }),
    ).toEqual([
      {
        path: 'event',
        code: 'naming_convention',
        message: 'event: "checkout_started" is not Title Case',
      },
      {
        path: 'event',
        code: 'unplanned_event',
        message: 'event: "checkout_started" is not in the tracking plan',
      },
      {
        path: 'properties.cartId',
        code: 'naming_convention',
        message: 'properties.cartId: "cartId" is not snake_case',
      },
    ])
  })

  it('checks identify traits, with formats', () => {
    expect(
      checkEvent(plan, { type: 'identify', traits: { email: 'not an address' } }),
    ).toMatchObject([{ path: 'traits.email', code: 'invalid_format' }])
    expect(checkEvent(plan, { type: 'identify', traits: { email: 'a@b.test' } })).toEqual([])
  })

  it('reports an anyOf once, not each alternative', () => {
    const p = parseTrackingPlan(
      {
        name: 'p',
        events: {
          A: {
            properties: {
              type: 'object',
              properties: { v: { anyOf: [{ type: 'string' }, { type: 'number' }] } },
            },
          },
        },
      },
      { name: 'p' },
    )
    expect(checkEvent(p, { type: 'track', event: 'A', properties: { v: true } })).toMatchObject([
      { path: 'properties.v', code: 'no_match' },
    ])
  })

  it('checks an event with 1,000 properties and stops at 20 violations', () => {
    const properties = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`p${i}`, i]))
    const p = parseTrackingPlan(
      {
        name: 'p',
        events: { A: { properties: { type: 'object', additionalProperties: { type: 'string' } } } },
      },
      { name: 'p' },
    )
    const violations = checkEvent(p, { type: 'track', event: 'A', properties })
    expect(violations).toHaveLength(20)
    expect(violations[0]).toMatchObject({ path: 'properties.p0', code: 'invalid_type' })
  })
})

describe('enforcePlan', () => {
  it('applies the strictest policy among the violations', () => {
    expect(enforcePlan(plan, { type: 'track', event: 'Product Viewed' })).toEqual({
      action: 'keep',
      violations: [],
    })
    expect(enforcePlan(plan, { type: 'track', event: 'Cart Viewed' })).toMatchObject({
      action: 'flag',
      violations: [{ code: 'unplanned_event' }],
    })
    expect(
      enforcePlan(plan, { type: 'track', event: 'Order Completed', properties: {} }),
    ).toMatchObject({ action: 'block', violations: [{ code: 'required' }] })
  })

  it('drops allowed violations', () => {
    const lax = parseTrackingPlan(
      { ...shopPlan, unplanned: 'allow', violations: 'flag' },
      { name: 'web' },
    )
    expect(enforcePlan(lax, { type: 'track', event: 'Cart Viewed' })).toEqual({
      action: 'keep',
      violations: [],
    })
    expect(enforcePlan(lax, { type: 'track', event: 'cart_viewed' })).toMatchObject({
      action: 'flag',
      violations: [{ code: 'naming_convention' }],
    })
  })
})
