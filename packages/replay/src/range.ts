import { InvalidRangeError } from './errors.js'

/** What a replay reads: events the collector received in `[fromMs, toMs)` (epoch ms, UTC). */
export interface ReplayRange {
  fromMs: number
  toMs: number
}

/** Every receipt time: the range of a source whose records are chosen otherwise (a DLQ batch). */
export const EVERYTHING: ReplayRange = { fromMs: 0, toMs: 8.64e15 }

const DATE = /^\d{4}-\d{2}-\d{2}$/
const DAY_MS = 86_400_000

/**
 * `--from`/`--to` as a range. Each is an ISO-8601 time (`2026-03-01T10:00:00Z`) or a UTC date;
 * a date in `--to` means the end of that day (`--from 2026-03-01 --to 2026-03-01` is the whole
 * day). `to` defaults to `now`.
 */
export function parseRange(
  from: string | undefined,
  to: string | undefined,
  now: number,
): ReplayRange {
  if (from === undefined)
    throw new InvalidRangeError('--from is required (a UTC date or an ISO-8601 time)')
  const fromMs = parseTime('--from', from, false)
  const toMs = to === undefined ? now : parseTime('--to', to, true)
  if (toMs <= fromMs) {
    throw new InvalidRangeError(
      `the range ends before it starts: --from ${iso(fromMs)} is not before --to ${iso(toMs)}`,
    )
  }
  return { fromMs, toMs }
}

function parseTime(flag: string, value: string, endOfDay: boolean): number {
  const text = value.trim()
  const ms = DATE.test(text)
    ? Date.parse(`${text}T00:00:00Z`)
    : /\d{4}-\d{2}-\d{2}T/.test(text)
      ? Date.parse(text)
      : Number.NaN
  if (Number.isNaN(ms)) {
    throw new InvalidRangeError(
      `${flag} ${JSON.stringify(value)} is not a time: use a UTC date (2026-03-01) or an ISO-8601 time (2026-03-01T10:00:00Z)`,
    )
  }
  return DATE.test(text) && endOfDay ? ms + DAY_MS : ms
}

/** A range for messages: ISO-8601 bounds. */
export const iso = (ms: number) => new Date(ms).toISOString()
