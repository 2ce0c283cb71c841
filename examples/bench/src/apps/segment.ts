import { AnalyticsBrowser } from '@segment/analytics-next'

const analytics = AnalyticsBrowser.load({ writeKey: 'WRITE_KEY' })
analytics.page()
analytics.identify('user-1', { plan: 'pro' })
analytics.track('Product Viewed', { product_id: 'p-1', price: 12.5 })
