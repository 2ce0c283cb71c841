import { label, shortVersion } from './labels.js'
import { BRAND_NAMES, GENERIC_BRAND, OS_NAMES } from './names.js'

/**
 * The usable part of a browser's client hints (`navigator.userAgentData`, which Segment's
 * analytics.js sends as `context.userAgentData`), already in stored form: names renamed as in
 * `names.ts`, versions shortened. Small on purpose: it is part of the enricher's cache key.
 */
export interface ClientHints {
  /** The browser's own brand (not a GREASE brand; `Chromium` only when alone), renamed. */
  browserName?: string
  browserVersion?: string
  /** `mobile: true`: the browser runs on a phone (tablets say false). */
  mobile?: true
  /** `platform`, renamed (`macOS`, `Windows`, `Chrome OS`, ...); never `Unknown`. */
  osName?: string
  /** `platformVersion` (high entropy), as the OS's version (Windows: `10` or `11`). */
  osVersion?: string
}

/** Brands and platforms are short words: anything longer is junk. */
const MAX_HINT_LENGTH = 64
/** Real browsers list 3 brands; a hostile list stops being read here. */
const MAX_BRANDS = 16

/**
 * GREASE brands, which Chromium adds so that servers do not rely on the list's order or content:
 * `Not A Brand`, `Not_A Brand`, `Not)A;Brand`, `Not/A)Brand`, `Not.A/Brand`, ...
 */
const GREASE_BRAND = /^not[^a-z]*a[^a-z]*brand$/i

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined

/** The browser's own brand of a `brands` or `fullVersionList` array, or undefined. */
function brandOf(list: unknown): { name: string; version?: string } | undefined {
  if (!Array.isArray(list)) return undefined
  let generic: { name: string; version?: string } | undefined
  for (const item of list.slice(0, MAX_BRANDS)) {
    const entry = record(item)
    const brand = label(entry?.brand, MAX_HINT_LENGTH)
    if (brand === undefined || GREASE_BRAND.test(brand)) continue
    const version = shortVersion(entry?.version)
    const found = { name: BRAND_NAMES[brand] ?? brand, ...(version ? { version } : {}) }
    if (brand !== GENERIC_BRAND) return found
    generic ??= found
  }
  return generic
}

/**
 * Windows's `platformVersion` is not the marketing version: Microsoft documents 13 and above as
 * Windows 11, 1 to 10 as Windows 10, and 0.1, 0.2, 0.3 as Windows 7, 8 and 8.1.
 */
function windowsVersion(platformVersion: string): string | undefined {
  const [major = '', minor = '0'] = platformVersion.split('.')
  const n = Number(major)
  if (n >= 13) return '11'
  if (n >= 1) return '10'
  return { '1': '7', '2': '8', '3': '8.1' }[minor]
}

/**
 * The usable client hints of a value that may be anything (the client sent it): undefined when
 * nothing in it is usable. Never throws, even on objects whose properties throw when read.
 */
export function clientHintsOf(value: unknown): ClientHints | undefined {
  try {
    const data = record(value)
    if (!data) return undefined
    const hints: ClientHints = {}
    const brand = brandOf(data.fullVersionList) ?? brandOf(data.brands)
    if (brand) {
      hints.browserName = brand.name
      if (brand.version) hints.browserVersion = brand.version
    }
    if (data.mobile === true) hints.mobile = true
    const platform = label(data.platform, MAX_HINT_LENGTH)
    if (platform && platform !== 'Unknown') {
      hints.osName = OS_NAMES[platform] ?? platform
      const raw = label(data.platformVersion, MAX_HINT_LENGTH)
      const version =
        raw === undefined
          ? undefined
          : hints.osName === 'Windows'
            ? windowsVersion(raw)
            : shortVersion(raw)
      if (version) hints.osVersion = version
    }
    return Object.keys(hints).length > 0 ? hints : undefined
  } catch {
    return undefined
  }
}
