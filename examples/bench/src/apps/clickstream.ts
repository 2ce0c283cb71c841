import { createAnalytics } from '@clickstream/sdk-browser'

const analytics = createAnalytics({ writeKey: 'WRITE_KEY', host: 'https://collector.example.com' })
analytics.page()
analytics.identify('user-1', { plan: 'pro' })
analytics.track('Product Viewed', { product_id: 'p-1', price: 12.5 })
