import { RudderAnalytics } from '@rudderstack/analytics-js'

const analytics = new RudderAnalytics()
analytics.load('WRITE_KEY', 'https://dataplane.example.com')
analytics.page()
analytics.identify('user-1', { plan: 'pro' })
analytics.track('Product Viewed', { product_id: 'p-1', price: 12.5 })
