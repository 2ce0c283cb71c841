import { ConfigError } from '../errors.js'

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
}

/** Write key → source. */
export type SourcesConfig = Readonly<Record<string, SourceConfig>>

export interface Source {
  id: string
  allowedOrigins: '*' | ReadonlySet<string>
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
    sources.set(writeKey, {
      id: source.id,
      allowedOrigins: origins === '*' ? '*' : new Set(origins.map(normaliseOrigin)),
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

function normaliseOrigin(origin: string): string {
  return origin.trim().replace(/\/+$/, '').toLowerCase()
}
