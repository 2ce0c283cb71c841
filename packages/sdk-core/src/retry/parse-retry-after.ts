/**
 * Milliseconds to wait from a `Retry-After` header: delta-seconds (`120`) or an HTTP date
 * (`Wed, 21 Oct 2026 07:28:00 GMT`) relative to `now`. `undefined` when absent or unreadable;
 * never negative.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value == null) return undefined
  const text = value.trim()
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000)
  const date = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN // HTTP dates name a month
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - now)
}
