/** Events per benchmark request: a browser SDK's batch. */
export const EVENTS_PER_BATCH = 20

/**
 * A realistic 20-event batch of one browser (one anonymousId, so one Kinesis record), as JSON text.
 * Shared by the collector benchmark and the end-to-end load of `examples/bench`.
 */
export function batchBody(anonymousId: string, messageIdPrefix: string): string {
  const sentAt = new Date().toISOString()
  const batch = Array.from({ length: EVENTS_PER_BATCH }, (_, i) => ({
    type: i % 5 === 0 ? 'page' : 'track',
    ...(i % 5 === 0 ? { name: 'Product' } : { event: 'Product Viewed' }),
    anonymousId,
    messageId: `${messageIdPrefix}-${i}`,
    timestamp: sentAt,
    properties: { product_id: `p-${i}`, price: 12.5, currency: 'EUR', position: i },
    context: {
      page: {
        path: `/products/${i}`,
        url: `https://shop.example.com/products/${i}`,
        referrer: 'https://www.google.com/',
        title: 'Product',
      },
      userAgent:
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36',
      locale: 'en-US',
      library: { name: 'analytics.js', version: 'npm:next-1.64.0' },
    },
  }))
  return JSON.stringify({ batch, sentAt })
}
