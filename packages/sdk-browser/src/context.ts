declare const __VERSION__: string

/** `?utm_source=x&utm_campaign=y` → `{ source: 'x', name: 'y' }`; undefined without utm parameters. */
export function campaignFrom(search: string): Record<string, string> | undefined {
  const campaign: Record<string, string> = {}
  new URLSearchParams(search).forEach((value, key) => {
    if (key.startsWith('utm_')) campaign[key === 'utm_campaign' ? 'name' : key.slice(4)] = value
  })
  return Object.keys(campaign).length ? campaign : undefined
}

/** The page as Segment describes it: url, path, referrer, title, search. */
export function pageInfo(): Record<string, string> {
  return {
    url: location.href,
    path: location.pathname,
    referrer: document.referrer,
    title: document.title,
    search: location.search,
  }
}

/** Context added to every event, read at call time (single-page apps change url and title). */
export function browserContext(): Record<string, unknown> {
  const context: Record<string, unknown> = {
    library: {
      name: '@clickstream/sdk-browser',
      version: typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0',
    },
    page: pageInfo(),
    userAgent: navigator.userAgent,
    locale: navigator.language,
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    screen: { width: screen.width, height: screen.height, density: devicePixelRatio },
  }
  context.campaign = campaignFrom(location.search) // absent without utm parameters
  return context
}
