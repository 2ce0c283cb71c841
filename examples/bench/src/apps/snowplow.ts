import {
  newTracker,
  setUserId,
  trackPageView,
  trackSelfDescribingEvent,
} from '@snowplow/browser-tracker'

newTracker('sp', 'https://collector.example.com', { appId: 'shop' })
trackPageView()
setUserId('user-1')
trackSelfDescribingEvent({
  event: {
    schema: 'iglu:com.example/product_viewed/jsonschema/1-0-0',
    data: { product_id: 'p-1', price: 12.5 },
  },
})
