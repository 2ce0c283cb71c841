// Type-level assertions on the generated client (`test/generated/shop.ts`, from
// `test/fixtures/shop.plan.json`), with the real SDKs: `tsc` (the package's typecheck) fails when a
// right call stops compiling or a wrong one (`@ts-expect-error`) starts to.
import { createAnalytics } from '@clickstream/sdk-node'
import { typedNode } from './generated/shop.js'

export function nodeCalls() {
  const typed = typedNode(createAnalytics({ writeKey: 'k', host: 'http://127.0.0.1:1' }))
  const id: string = typed.orderCompleted({
    userId: 'u-1',
    properties: { order_id: 'o-1', total: 10 },
  })
  typed.productViewed({
    anonymousId: 'a-1',
    properties: { product_id: 'p-1' },
    timestamp: new Date(),
  })
  typed.identify({ userId: 'u-1', traits: { name: 'Ada' } })
  // @ts-expect-error neither userId nor anonymousId
  typed.signedUp({ properties: {} })
  // @ts-expect-error a property of the wrong type
  typed.orderCompleted({ userId: 'u-1', properties: { order_id: 1, total: 10 } })
  // @ts-expect-error a property the plan does not have
  typed.productViewed({ userId: 'u-1', properties: { product_id: 'p', colour: 'red' } })
  // @ts-expect-error an unplanned event has no method
  typed.checkoutStarted({ userId: 'u-1' })
  return id
}
