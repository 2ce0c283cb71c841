import { createRandom, type Random } from './random.js'

/** One call the simulator makes through the Node SDK, with its simulated time. */
export interface SimulatedCall {
  type: 'page' | 'track' | 'identify'
  /** Who sends it: a visitor's browser, or the shop's backend (userId only, no anonymousId). */
  origin: 'browser' | 'server'
  /** Absent on the backend's calls. */
  anonymousId?: string
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
  /** Visitors arrive spread over this long after `start` (first visits). @default 0 */
  spanMs?: number
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

/** Share of visitors who sit down at the previous visitor's computer (no `reset()` between them). */
const SHARED_COMPUTER = 0.04
/** Chance that a signed-in person's next visit is on a new device of theirs (up to three). */
const NEW_DEVICE = 0.3
/** Chance that an anonymous person signs up during a visit. */
const SIGN_UP = 0.2
/** Chance that the next visit is a day or two later rather than within the hour (traffic over days). */
const RETURN_LATER = 0.3

const isBot = (userAgent: string) => /bot|Headless/i.test(userAgent)
const deviceClass = (userAgent: string) =>
  /iPad|SM-X/.test(userAgent) ? 'tablet' : /iPhone|Mobile/.test(userAgent) ? 'mobile' : 'desktop'

/** One browser: what the SDK keeps in it (anonymousId, and the userId of whoever signed in last). */
interface Device {
  anonymousId: string
  userAgent: string
  ip: string
  signedInAs: string | undefined
  lastAt: number
}

/** One human or bot behind the calls; `userId` once they signed up. */
interface Person {
  userId: string | undefined
  devices: Device[]
}

const newDevice = (random: Random, userAgent = random.pick(agents)): Device => ({
  anonymousId: random.uuid(),
  userAgent,
  ip: ipOf(random),
  signedInAs: undefined,
  lastAt: 0,
})

/** A device of another kind than `device` (a phone beside a laptop), never a bot. */
const otherDevice = (random: Random, device: Device) =>
  newDevice(
    random,
    random.pick(
      agents.filter((a) => !isBot(a) && deviceClass(a) !== deviceClass(device.userAgent)),
    ),
  )

/**
 * Realistic shop traffic: people landing from a campaign (UTM, click ids) or a referrer (search,
 * social, other sites, direct), from varied browsers and devices in several countries, arriving
 * over `spanMs`; browsing, product views, add to cart, some checkouts and orders; sign-ups in the
 * middle of a visit; signed-in people coming back on a second device and signing in there; a
 * shared computer now and then (the next person signs in where the previous one did, without a
 * `reset()`); the shop's backend sending `Payment Captured` and `Order Shipped` with the userId
 * only; bots crawling pages without tracks; idle periods longer than the gap that start new
 * sessions. Deterministic for a seed. Calls come out in time order.
 */
export function generateJourneys(o: JourneyOptions): SimulatedCall[] {
  const random = createRandom(o.seed ?? 42)
  const perUser = Math.max(1, Math.ceil(o.events / o.users))
  const calls: SimulatedCall[] = []
  let previous: Device | undefined
  // Between visits: within the hour, or (traffic over days) a day or two later.
  const later = Math.min(48 * 3_600_000, o.spanMs ?? 0)
  const pause = () =>
    later >= 3_600_000 && random.chance(RETURN_LATER)
      ? random.int(3_600_000, later)
      : random.int(60_000, 30 * 60_000)
  for (let u = 0; u < o.users && calls.length < o.events; u++) {
    const shared = previous !== undefined && random.chance(SHARED_COMPUTER)
    const first = shared && previous ? previous : newDevice(random)
    const person: Person = { userId: undefined, devices: [first] }
    let at =
      shared && previous
        ? previous.lastAt + o.gapMs + random.int(60_000, 3 * 3_600_000)
        : o.start + random.int(0, o.spanMs ?? 0) + random.int(0, 60_000)
    let made = 0
    while (made < perUser && calls.length < o.events) {
      const budget = Math.min(perUser - made, o.events - calls.length)
      const bot = isBot(first.userAgent)
      if (!bot && person.userId && person.devices.length < 3 && random.chance(NEW_DEVICE))
        person.devices.push(otherDevice(random, first))
      const device = made === 0 ? first : random.pick(person.devices)
      const visit = bot
        ? crawlOf(random, device, at, budget)
        : visitOf(random, person, device, at, budget, shared && made === 0)
      calls.push(...visit)
      made += visit.length
      device.lastAt = Math.max(
        device.lastAt,
        ...visit.filter((c) => c.origin === 'browser').map((c) => c.at),
      )
      at = device.lastAt + o.gapMs + pause()
    }
    if (!isBot(first.userAgent)) previous = first
  }
  return calls.slice(0, o.events).sort((a, b) => a.at - b.at)
}

/** A crawler's visit: pages in quick succession, no referrer, no tracks, no sign-in. */
function crawlOf(random: Random, device: Device, start: number, budget: number): SimulatedCall[] {
  const paths = [
    { path: '/', title: 'Demo Shop', name: 'Home' },
    ...products.map((p) => ({ path: `/product.html?id=${p.id}`, title: p.name, name: 'Product' })),
    ...[...new Set(products.map((p) => p.category))].map((c) => ({
      path: `/category.html?c=${c}`,
      title: c,
      name: 'Category',
    })),
  ]
  const calls: SimulatedCall[] = []
  let at = start
  const pages = Math.min(budget, random.int(3, 12))
  for (let i = 0; i < pages; i++) {
    const { path, title, name } = random.pick(paths)
    const url = `${origin}${path}`
    calls.push({
      type: 'page',
      origin: 'browser',
      anonymousId: device.anonymousId,
      at,
      name,
      properties: { path, title, url },
      context: {
        userAgent: device.userAgent,
        ip: device.ip,
        page: { path, title, url, referrer: i === 0 ? '' : `${origin}/`, search: '' },
      },
    })
    at += random.int(500, 4_000)
  }
  return calls
}

function visitOf(
  random: Random,
  person: Person,
  device: Device,
  start: number,
  budget: number,
  mustSignIn: boolean,
): SimulatedCall[] {
  const calls: SimulatedCall[] = []
  let at = start
  const landing: Landing = random.chance(0.35)
    ? random.pick(campaigns)
    : { query: '', referrer: random.pick(referrers) }
  const context = { userAgent: device.userAgent, ip: device.ip }
  const base = () => ({
    origin: 'browser' as const,
    anonymousId: device.anonymousId,
    ...(device.signedInAs ? { userId: device.signedInAs } : {}),
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
    calls.push({ type: 'track', ...base(), at, event, properties, context })
    at += random.int(2_000, 30_000)
  }
  const server = (event: string, properties: Record<string, unknown>, after: number) => {
    calls.push({
      type: 'track',
      origin: 'server',
      userId: device.signedInAs as string,
      at: at + after,
      event,
      properties,
      context: {},
    })
  }
  /** Sign-up (a new person) or sign-in (someone already known, on this device or another). */
  const signIn = (userId: string, signUp: boolean) => {
    page(signUp ? '/signup.html' : '/signin.html', signUp ? 'Sign up' : 'Sign in', 'Sign In')
    device.signedInAs = userId
    calls.push({
      type: 'identify',
      ...base(),
      at,
      traits: signUp
        ? { email: `${userId}@example.com`, created_at: new Date(at).toISOString() }
        : { email: `${userId}@example.com` },
      context,
    })
    at += 1000
    track(signUp ? 'Signed Up' : 'Signed In', { method: 'email' })
  }
  const newUserId = () => `user-${random.uuid().slice(0, 8)}`

  page('/', 'Demo Shop', 'Home')
  // Someone known on a device where someone else (or nobody) is signed in signs in first; a
  // stranger at a shared computer signs up.
  if (mustSignIn) {
    person.userId = newUserId()
    signIn(person.userId, true)
  } else if (person.userId && device.signedInAs !== person.userId) signIn(person.userId, false)
  const views = random.int(1, 5)
  const signUpAt = !person.userId && random.chance(SIGN_UP) ? random.int(0, views - 1) : -1
  for (let i = 0; i < views && calls.length < budget; i++) {
    if (i === signUpAt) {
      person.userId = newUserId()
      signIn(person.userId, true)
    }
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
    if (!random.chance(0.3)) continue
    track('Product Added', {
      product_id: product.id,
      price: product.price,
      quantity: 1,
      currency: 'EUR',
    })
    if (!random.chance(0.4)) continue
    page('/cart.html', 'Cart', 'Cart')
    track('Checkout Started', { value: product.price, currency: 'EUR' })
    if (!random.chance(0.7)) continue
    page('/checkout.html', 'Checkout', 'Checkout')
    const orderId = `o-${random.int(1e5, 1e6)}`
    track('Order Completed', { order_id: orderId, revenue: product.price, currency: 'EUR' })
    if (device.signedInAs) {
      server('Payment Captured', { order_id: orderId, amount: product.price, currency: 'EUR' }, 0)
      server('Order Shipped', { order_id: orderId }, random.int(2 * 3_600_000, 30 * 3_600_000))
    }
  }
  return calls.slice(0, budget)
}
