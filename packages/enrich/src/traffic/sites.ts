import type { Channel } from '@clickstream/schema'
import {
  SEARCH_ENGINES,
  SECOND_LEVEL_LABELS,
  type SiteRule,
  SOCIAL_NETWORKS,
  WEBMAIL,
} from './channel-rules.js'

/** What a known site's referrer means. */
export interface Site {
  readonly channel: Channel
  readonly source: string
  readonly medium: string
}

const exactHosts = new Map<string, Site>()
/** `name.*` patterns, keyed by `name` (the host without its country ending). */
const anyEndingHosts = new Map<string, Site>()
const apps = new Map<string, Site>()
const names = new Map<string, Site>()

function index(rules: readonly SiteRule[], channel: Channel, medium: string): void {
  for (const rule of rules) {
    const site: Site = { channel, source: rule.source, medium }
    for (const pattern of rule.hosts) {
      if (pattern.endsWith('.*')) anyEndingHosts.set(pattern.slice(0, -2), site)
      else exactHosts.set(pattern, site)
    }
    for (const app of rule.apps ?? []) apps.set(app, site)
    for (const name of [rule.source, ...(rule.aliases ?? [])])
      if (!names.has(name)) names.set(name, site)
  }
}
index(SEARCH_ENGINES, 'organic_search', 'organic')
index(SOCIAL_NETWORKS, 'social', 'social')
index(WEBMAIL, 'email', 'email')

/**
 * The known site a (normalised, lower-case) host belongs to: the most specific pattern, by Map
 * lookups of the host's suffixes (`a.b.c`, `b.c`, `c`) and of the same without its country ending.
 */
export function siteOfHost(host: string): Site | undefined {
  const lastDot = host.lastIndexOf('.')
  if (lastDot === -1) return exactHosts.get(host)
  // The host without a one-label ending (`www.google` of `www.google.de`) and, when the ending
  // looks like `co.uk`, without the two-label ending (`www.google` of `www.google.co.uk`).
  const stem1 = host.slice(0, lastDot)
  const prevDot = host.lastIndexOf('.', lastDot - 1)
  const stem2 =
    prevDot !== -1 &&
    host.length - lastDot === 3 &&
    SECOND_LEVEL_LABELS.has(host.slice(prevDot + 1, lastDot))
      ? host.slice(0, prevDot)
      : undefined
  let start = 0
  while (true) {
    const site =
      exactHosts.get(start === 0 ? host : host.slice(start)) ??
      (start < stem1.length ? anyEndingHosts.get(stem1.slice(start)) : undefined) ??
      (stem2 !== undefined && start < stem2.length
        ? anyEndingHosts.get(stem2.slice(start))
        : undefined)
    if (site) return site
    const dot = host.indexOf('.', start)
    if (dot === -1) return undefined
    start = dot + 1
  }
}

/** The known site of an Android app's package name (`android-app://<package>` referrers). */
export const siteOfApp = (packageName: string): Site | undefined => apps.get(packageName)

/** The known site a `utm_source` names: by name or alias (`google`, `fb`), else as a host. */
export function siteOfSource(source: string): Site | undefined {
  return names.get(source) ?? siteOfHost(source)
}
