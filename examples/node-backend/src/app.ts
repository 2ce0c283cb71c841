import type { AnalyticsClient } from '@clickstream/sdk-node'
import { Hono } from 'hono'

/**
 * A shop backend: tracks server-side events (the ones the browser cannot be trusted with, like a
 * completed order) with the SDK. Handlers never wait for delivery: `track` only queues.
 */
export function createApp(analytics: AnalyticsClient): Hono {
  const app = new Hono()
  app.get('/health', (c) => c.json({ ok: true }))
  app.post('/signup', async (c) => {
    const { userId, email, anonymousId } = await c.req.json<Record<string, string>>()
    if (!userId) return c.json({ error: 'userId is required' }, 400)
    analytics.identify({ userId, traits: { email } })
    if (anonymousId) analytics.alias({ userId, previousId: anonymousId })
    analytics.track({ userId, event: 'Signed Up' })
    return c.json({ ok: true }, 201)
  })
  app.post('/orders', async (c) => {
    const { userId, total, orderId } = await c.req.json<Record<string, string | number>>()
    if (!userId) return c.json({ error: 'userId is required' }, 400)
    const messageId = analytics.track({
      userId,
      event: 'Order Completed',
      // Idempotent: a retried request sends the same messageId, deduplicated downstream.
      messageId: orderId ? `order-${orderId}` : undefined,
      properties: { orderId, total: Number(total), currency: 'EUR' },
    })
    return c.json({ ok: true, messageId }, 202)
  })
  return app
}
