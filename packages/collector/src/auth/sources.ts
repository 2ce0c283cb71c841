import {
  parseTrackingPlan,
  type TrackingPlan,
  type TrackingPlanInput,
} from '@clickstream/tracking-plan'
import { CollectorError, ConfigError } from '../errors.js'
import { createPrivacyRules, type PrivacyRules } from '../privacy/apply.js'
import type { PrivacyConfig } from '../privacy/rules.js'

/** What a write key opens: a source id and the browser origins it accepts. */
export interface SourceConfig {
  /** Stable id written on every envelope (never the write key). */
  id: string
  /**
   * Origins (`https://shop.example.com`) whose browsers may send with this key, or `'*'` for any.
   * Requests without an `Origin` header (servers, curl) are not affected.
   * @default [] (no browser origin)
   */
  allowedOrigins?: readonly string[] | '*'
  /** What is removed, hashed or reduced before anything is stored (README: Privacy rules). @default none */
  privacy?: PrivacyConfig
  /**
   * The source's tracking plan (`@clickstream/tracking-plan`): every valid event is checked
   * against it, and kept, flagged or blocked as its policies say. `parseSources` reads it from
   * `SOURCES` (inline, `file:<path>`, `env:<NAME>`). @default none
   */
  trackingPlan?: TrackingPlan | TrackingPlanInput
}

/** Write key → source. */
export type SourcesConfig = Readonly<Record<string, SourceConfig>>

/**
 * The sources as they are now, for a collector whose sources change while it runs (re-read with a
 * TTL so that a revoked key stops working). `undefined`: not known (never read, or too stale to
 * trust): requests are refused with 503 `sources_unavailable` until they are.
 */
export type SourcesProvider = () => SourcesConfig | undefined

export interface Source {
  id: string
  allowedOrigins: '*' | ReadonlySet<string>
  /** The source's privacy rules, when it has any. */
  privacy?: PrivacyRules
  /** The source's own IP anonymisation, over the collector's. */
  anonymizeIp?: boolean
  /** The source's tracking plan, parsed and compiled, when it has one. */
  trackingPlan?: TrackingPlan
}

export interface SourceRegistry {
  /** The source of a write key, if any. */
  byWriteKey(writeKey: string): Source | undefined
  /** Whether a browser origin may send with this source. */
  allowsOrigin(source: Source, origin: string): boolean
  /** Whether any source accepts this origin (answers preflights, which carry no key). */
  anyAllowsOrigin(origin: string): boolean
}

export function createSourceRegistry(config: SourcesConfig): SourceRegistry {
  const sources = new Map<string, Source>()
  for (const [writeKey, source] of Object.entries(config)) {
    if (!writeKey) throw new ConfigError('a source has an empty write key')
    if (!source.id) throw new ConfigError('a source has an empty id')
    const origins = source.allowedOrigins ?? []
    const { privacy } = source
    const trackingPlan = source.trackingPlan && planOf(source.id, source.trackingPlan)
    sources.set(writeKey, {
      id: source.id,
      allowedOrigins: origins === '*' ? '*' : new Set(origins.map(normaliseOrigin)),
      ...(privacy ? { privacy: createPrivacyRules(privacy) } : {}),
      ...(privacy?.anonymizeIp === undefined ? {} : { anonymizeIp: privacy.anonymizeIp }),
      ...(trackingPlan ? { trackingPlan } : {}),
    })
  }
  const allowsOrigin = (source: Source, origin: string) =>
    source.allowedOrigins === '*' || source.allowedOrigins.has(normaliseOrigin(origin))
  return {
    byWriteKey: (writeKey) => sources.get(writeKey),
    allowsOrigin,
    anyAllowsOrigin: (origin) => [...sources.values()].some((s) => allowsOrigin(s, origin)),
  }
}

/** A source's plan, checked and compiled; a bad one is a `ConfigError` naming the source. */
function planOf(id: string, plan: TrackingPlan | TrackingPlanInput): TrackingPlan {
  try {
    return parseTrackingPlan(plan, { name: id })
  } catch (error) {
    throw new ConfigError(`source "${id}": ${(error as Error).message}`)
  }
}

function normaliseOrigin(origin: string): string {
  return origin.trim().replace(/\/+$/, '').toLowerCase()
}

/**
 * The registry of the sources in force, rebuilt only when the provider hands out another object.
 * Throws `sources_unavailable` while the provider has none.
 */
export function sourceRegistryOf(sources: SourcesConfig | SourcesProvider): () => SourceRegistry {
  if (typeof sources !== 'function') {
    const registry = createSourceRegistry(sources)
    return () => registry
  }
  let built: { config: SourcesConfig; registry: SourceRegistry } | undefined
  return () => {
    const config = sources()
    if (config === undefined) {
      throw new CollectorError('sources_unavailable', 'the write keys could not be read', {
        retryAfterSeconds: 5,
      })
    }
    if (built?.config !== config) built = { config, registry: createSourceRegistry(config) }
    return built.registry
  }
}
