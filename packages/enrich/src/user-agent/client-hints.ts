import { label, shortVersion } from './labels.js'
import { BRAND_NAMES, GENERIC_BRAND, PLATFORMS } from './names.js'

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
  /** `platform`, one of the spec's (`macOS`, `Windows`, `Chrome OS`, ...), renamed; never `Unknown`. */
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
    const found = { name: BRAND_NAMES.get(brand) ?? brand, ...(version ? { version } : {}) }
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
  const match = /^(\d{1,10})(?:\.(\d{1,10}))?/.exec(platformVersion)
  if (!match) return undefined
  const major = Number(match[1])
  if (major >= 13) return '11'
  if (major >= 1) return '10'
  return WINDOWS_BEFORE_10.get(Number(match[2] ?? 0))
}

const WINDOWS_BEFORE_10 = new Map([
  [1, '7'],
  [2, '8'],
  [3, '8.1'],
])

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
    const osName = typeof data.platform === 'string' ? PLATFORMS.get(data.platform) : undefined
    if (osName) {
      hints.osName = osName
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
