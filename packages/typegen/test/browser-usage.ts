// Type-level assertions on the generated client (`test/generated/shop.ts`, from
// `test/fixtures/shop.plan.json`), with the real SDKs: `tsc` (the package's typecheck) fails when a
// right call stops compiling or a wrong one (`@ts-expect-error`) starts to.
import { createAnalytics } from '@clickstream/sdk-browser'
import { typedBrowser } from './generated/shop.js'

export function browserCalls() {
  const typed = typedBrowser(createAnalytics({ writeKey: 'k', host: 'http://127.0.0.1:1' }))
  typed.orderCompleted({ order_id: 'o-1', total: 10, currency: 'EUR', items: [{ sku: 's' }] })
  typed.productViewed({ product_id: 'p-1' }, { context: { ip: '0.0.0.0' } })
  typed.signedUp()
  typed.identify('u-1', { email: 'a@example.com' })
  typed.group('g-1', { anything: true })
  // @ts-expect-error a property the plan does not have
  typed.orderCompleted({ order_id: 'o-1', total: 10, coupon: 'X' })
  // @ts-expect-error a property of the wrong type
  typed.orderCompleted({ order_id: 'o-1', total: '10' })
  // @ts-expect-error a required property missing
  typed.orderCompleted({ total: 10 })
  // @ts-expect-error a value outside the enum
  typed.orderCompleted({ order_id: 'o-1', total: 10, currency: 'GBP' })
  // @ts-expect-error a nested property of the wrong type
  typed.orderCompleted({ order_id: 'o-1', total: 10, items: [{ sku: 1 }] })
  // @ts-expect-error a required property of the event's properties: they are not optional
  typed.productViewed()
  // @ts-expect-error an unplanned event has no method
  typed.checkoutStarted({})
  // @ts-expect-error a trait the plan does not have
  typed.identify('u-1', { plan: 'pro' })
}
