import { MAX_SESSION_EVENT_NAMES } from '@clickstream/schema/lite'

/** How events become sessions, and how much per-key state is kept. */
export interface SessionRulesOptions {
  /** Inactivity gap after which the next event starts a new session. @default 1_800_000 (30 min) */
  gapMs?: number
  /** A session never spans more than this from its first event. @default 86_400_000 (24 h) */
  maxSessionMs?: number
  /**
   * Events of sessions that ended more than this before the key's newest event are compacted
   * out of the key state (their sessions are final). @default 172_800_000 (48 h)
   */
  lateHorizonMs?: number
  /** Most events kept in a key's state; older whole sessions are compacted past it. @default 5_000 */
  maxStateEvents?: number
  /** Most sessions kept in a key's state (bounds the items one commit touches). @default 40 */
  maxStateSessions?: number
  /** Most distinct event names counted per session (the rest under `$other`). @default 50 */
  maxEventNames?: number
  /** When set, sessions get a DynamoDB `ttl` this long after `endedAt`. @default undefined */
  ttlMs?: number
}

export type ResolvedSessionRules = Required<Omit<SessionRulesOptions, 'ttlMs'>> & {
  ttlMs: number | undefined
}

const positive = (value: number | undefined, fallback: number, min = 1): number =>
  value === undefined || !Number.isFinite(value) ? fallback : Math.max(min, Math.floor(value))

export function resolveSessionRules(options: SessionRulesOptions = {}): ResolvedSessionRules {
  const gapMs = positive(options.gapMs, 30 * 60_000)
  const maxSessionMs = positive(options.maxSessionMs, 24 * 3_600_000)
  return {
    gapMs,
    maxSessionMs,
    lateHorizonMs: positive(options.lateHorizonMs, 48 * 3_600_000, gapMs),
    maxStateEvents: positive(options.maxStateEvents, 5_000, 10),
    maxStateSessions: positive(options.maxStateSessions, 40, 2),
    maxEventNames: positive(options.maxEventNames, MAX_SESSION_EVENT_NAMES),
    ttlMs: options.ttlMs === undefined ? undefined : positive(options.ttlMs, 0),
  }
}
