import posthog from 'posthog-js'

posthog.init('WRITE_KEY', { api_host: 'https://collector.example.com' })
posthog.capture('$pageview')
posthog.identify('user-1', { plan: 'pro' })
posthog.capture('Product Viewed', { product_id: 'p-1', price: 12.5 })
