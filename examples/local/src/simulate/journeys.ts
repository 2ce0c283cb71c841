import { createRandom, type Random } from './random.js'

/** One call the simulator makes through the Node SDK, with its simulated time. */
export interface SimulatedCall {
  type: 'page' | 'track' | 'identify'
  anonymousId: string
  userId?: string
  /** Epoch ms: when the user did it. */
  at: number
  name?: string
  event?: string
  properties?: Record<string, unknown>
  traits?: Record<string, unknown>
  context: Record<string, unknown>
}

export interface JourneyOptions {
  users: number
  /** Total calls to generate, spread over the users. */
  events: number
  /** Inactivity gap of the pipeline: idle periods are made longer than it. */
  gapMs: number
  /** Simulated time of the first event. */
  start: number
  seed?: number
}

const products = [
  { id: 'p-100', name: 'Trail Runner', category: 'shoes', price: 89 },
  { id: 'p-101', name: 'City Sneaker', category: 'shoes', price: 69 },
  { id: 'p-200', name: 'Daypack 20L', category: 'bags', price: 49 },
  { id: 'p-201', name: 'Weekender', category: 'bags', price: 129 },
  { id: 'p-300', name: 'Merino Tee', category: 'apparel', price: 39 },
  { id: 'p-301', name: 'Shell Jacket', category: 'apparel', price: 179 },
]
const campaigns = [
  { source: 'newsletter', medium: 'email', name: 'autumn-sale' },
  { source: 'google', medium: 'cpc', name: 'brand' },
  { source: 'instagram', medium: 'social', name: 'influencer-42' },
]
const referrers = [
  'https://www.google.com/',
  'https://news.ycombinator.com/',
  'https://duckduckgo.com/',
  '',
]
const agents = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15',
]
const origin = 'https://shop.example'

/**
 * Realistic shop journeys: a landing from a campaign or a referrer, browsing, product views, add to
 * cart, some checkouts and orders, some sign-ins, and idle periods longer than the gap that start
 * new sessions. Deterministic for a seed. Calls come out in time order.
 */
export function generateJourneys(o: JourneyOptions): SimulatedCall[] {
  const random = createRandom(o.seed ?? 42)
  const perUser = Math.max(1, Math.ceil(o.events / o.users))
  const calls: SimulatedCall[] = []
  for (let u = 0; u < o.users; u++) {
    const user = {
      anonymousId: random.uuid(),
      userAgent: random.pick(agents),
      userId: undefined as string | undefined,
    }
    let at = o.start + random.int(0, 60_000)
    let made = 0
    while (made < perUser && calls.length < o.events) {
      const visit = visitOf(random, user, at, perUser - made)
      calls.push(...visit)
      made += visit.length
      at = (visit.at(-1)?.at ?? at) + o.gapMs + random.int(60_000, 30 * 60_000)
    }
  }
  return calls.slice(0, o.events).sort((a, b) => a.at - b.at)
}

function visitOf(
  random: Random,
  user: { anonymousId: string; userAgent: string; userId: string | undefined },
  start: number,
  budget: number,
): SimulatedCall[] {
  const calls: SimulatedCall[] = []
  let at = start
  const campaign = random.chance(0.4) ? random.pick(campaigns) : undefined
  const referrer = campaign ? '' : random.pick(referrers)
  const base = () => ({
    anonymousId: user.anonymousId,
    ...(user.userId ? { userId: user.userId } : {}),
  })
  const page = (
    path: string,
    title: string,
    name: string,
    properties: Record<string, unknown> = {},
  ) => {
    const first = calls.length === 0
    const search =
      first && campaign
        ? `?utm_source=${campaign.source}&utm_medium=${campaign.medium}&utm_campaign=${campaign.name}`
        : ''
    calls.push({
      type: 'page',
      ...base(),
      at,
      name,
      properties: { path, title, url: `${origin}${path}${search}`, ...properties },
      context: {
        userAgent: user.userAgent,
        page: {
          path,
          title,
          url: `${origin}${path}${search}`,
          referrer: first ? referrer : origin,
          search,
        },
        ...(first && campaign ? { campaign } : {}),
      },
    })
    at += random.int(5_000, 90_000)
  }
  const track = (event: string, properties: Record<string, unknown>) => {
    calls.push({
      type: 'track',
      ...base(),
      at,
      event,
      properties,
      context: { userAgent: user.userAgent },
    })
    at += random.int(2_000, 30_000)
  }

  page('/', 'Demo Shop', 'Home')
  const views = random.int(1, 5)
  for (let i = 0; i < views && calls.length < budget; i++) {
    const product = random.pick(products)
    if (random.chance(0.5))
      page(`/category.html?c=${product.category}`, product.category, 'Category')
    page(`/product.html?id=${product.id}`, product.name, 'Product')
    track('Product Viewed', {
      product_id: product.id,
      name: product.name,
      price: product.price,
      currency: 'EUR',
    })
    if (random.chance(0.3)) {
      track('Product Added', {
        product_id: product.id,
        price: product.price,
        quantity: 1,
        currency: 'EUR',
      })
      if (random.chance(0.4)) {
        page('/cart.html', 'Cart', 'Cart')
        track('Checkout Started', { value: product.price, currency: 'EUR' })
        if (random.chance(0.7)) {
          page('/checkout.html', 'Checkout', 'Checkout')
          track('Order Completed', {
            order_id: `o-${random.int(1e5, 1e6)}`,
            revenue: product.price,
            currency: 'EUR',
          })
        }
      }
    }
  }
  if (!user.userId && random.chance(0.2) && calls.length < budget) {
    page('/signin.html', 'Sign in', 'Sign In')
    user.userId = `user-${user.anonymousId.slice(0, 8)}`
    calls.push({
      type: 'identify',
      ...base(),
      at,
      traits: { email: `${user.userId}@example.com` },
      context: { userAgent: user.userAgent },
    })
    at += 1000
    track('Signed In', { method: 'email' })
  }
  return calls.slice(0, budget)
}
