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
/** Landings from campaigns: UTM parameters, click ids, or both. */
const campaigns: readonly Landing[] = [
  {
    query: 'utm_source=newsletter&utm_medium=email&utm_campaign=autumn-sale',
    campaign: { source: 'newsletter', medium: 'email', name: 'autumn-sale' },
  },
  {
    query: 'utm_source=google&utm_medium=cpc&utm_campaign=brand&gclid=EAIaIQobChMI8',
    referrer: 'https://www.google.com/',
    campaign: { source: 'google', medium: 'cpc', name: 'brand' },
  },
  // Google Ads with auto-tagging only: the click id, no UTM.
  { query: 'gclid=Cj0KCQiA5rGuBhCnARIsAN11vgT', referrer: 'https://www.google.com/' },
  { query: 'msclkid=4b2d8f0e1c9a4e7b', referrer: 'https://www.bing.com/' },
  {
    query: 'utm_source=instagram&utm_medium=social&utm_campaign=influencer-42',
    referrer: 'https://l.instagram.com/',
    campaign: { source: 'instagram', medium: 'social', name: 'influencer-42' },
  },
  {
    query: 'utm_source=facebook&utm_medium=paid_social&fbclid=IwAR2xq9',
    referrer: 'https://m.facebook.com/',
    campaign: { source: 'facebook', medium: 'paid_social' },
  },
]
/** Landings without a campaign: search engines, social sites, other sites and direct (''). */
const referrers = [
  'https://www.google.com/',
  'https://www.google.de/',
  'https://www.bing.com/search?q=trail+runner',
  'https://duckduckgo.com/',
  'https://l.facebook.com/',
  'https://t.co/x8Zk2Lq',
  'https://www.reddit.com/r/running/',
  'https://news.ycombinator.com/',
  'https://blog.runnersworld.example/best-shoes-2026',
  '',
  '',
  '',
]
/**
 * User agents as browsers send them, weighted like a shop's traffic (desktop and mobile about
 * even, some tablets) with a share of bots (search crawlers, an SEO crawler, a headless browser,
 * a script): the sessions view shows every kind.
 */
const agents = [
  // desktop
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
  // mobile
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36',
  'Mozilla/5.0 (Linux; Android 14; SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0',
  // tablet
  'Mozilla/5.0 (iPad; CPU OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  // bots
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
]
/**
 * Public networks of several countries (the bundled database maps each; the last octet varies per
 * user): US, AU, GB, DE, JP, BR, NL, ZA, IN, and an IPv6 one (US).
 */
const networks = [
  '8.8.8.',
  '8.8.4.',
  '1.1.1.',
  '81.2.69.',
  '5.9.0.',
  '133.242.0.',
  '200.160.2.',
  '2.16.0.',
  '41.0.0.',
  '49.44.0.',
]
const ipOf = (random: Random) =>
  random.chance(0.1)
    ? `2001:4860:4860::${random.int(1, 0xffff).toString(16)}`
    : `${random.pick(networks)}${random.int(1, 254)}`

interface Landing {
  /** The landing URL's query, without `?`. */
  query: string
  referrer?: string
  /** `context.campaign`, as analytics.js fills it from UTM parameters. */
  campaign?: { source: string; medium: string; name?: string }
}

const origin = 'https://shop.example'

/**
 * Realistic shop journeys: a landing from a campaign (UTM, click ids) or a referrer (search,
 * social, other sites, direct), from varied browsers and devices (and some bots) in several
 * countries, browsing, product views, add to
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
      ip: ipOf(random),
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
  user: { anonymousId: string; userAgent: string; ip: string; userId: string | undefined },
  start: number,
  budget: number,
): SimulatedCall[] {
  const calls: SimulatedCall[] = []
  let at = start
  const landing: Landing = random.chance(0.35)
    ? random.pick(campaigns)
    : { query: '', referrer: random.pick(referrers) }
  const context = { userAgent: user.userAgent, ip: user.ip }
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
    const query = first && landing.query ? landing.query : ''
    const search = query ? `${path.includes('?') ? '&' : '?'}${query}` : ''
    calls.push({
      type: 'page',
      ...base(),
      at,
      name,
      properties: { path, title, url: `${origin}${path}${search}`, ...properties },
      context: {
        ...context,
        page: {
          path,
          title,
          url: `${origin}${path}${search}`,
          referrer: first ? (landing.referrer ?? '') : `${origin}/`,
          search,
        },
        ...(first && landing.campaign ? { campaign: landing.campaign } : {}),
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
      context,
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
      context,
    })
    at += 1000
    track('Signed In', { method: 'email' })
  }
  return calls.slice(0, budget)
}
