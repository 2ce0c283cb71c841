/**
 * ISO-8601 timestamps: a date and a time, seconds and fraction optional, offset optional.
 * A timestamp without an offset is read as UTC (the server has no better guess).
 */
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/

/** Epoch milliseconds of an ISO-8601 timestamp, or `undefined` when it is not one or not a real date. */
export function parseTimestamp(value: string): number | undefined {
  if (value.length === 24 && value.charCodeAt(23) === 90 /* Z */) {
    const fast = parseCanonical(value)
    if (fast !== undefined) return fast
  }
  const m = ISO_8601.exec(value)
  if (!m) return undefined
  const [, y, mo, d, h, mi, s = '00', frac = '', zone] = m
  const month = Number(mo)
  const day = Number(d)
  const hour = Number(h)
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24) return undefined
  if (Number(mi) > 59 || Number(s) > 60) return undefined
  const ms = frac ? `.${frac.padEnd(3, '0').slice(0, 3)}` : ''
  let offset = 'Z'
  if (zone && zone !== 'Z' && zone !== 'z') {
    const digits = zone.slice(1).replace(':', '')
    offset = `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2, 4) || '00'}`
  }
  // Date.parse rolls 2023-02-30 over to March: reject dates that do not exist.
  if (day > daysInMonth(Number(y), month)) return undefined
  const time = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${ms}${offset}`)
  return Number.isNaN(time) ? undefined : time
}

export function isTimestamp(value: string): boolean {
  return parseTimestamp(value) !== undefined
}

/** First and last instants with a four-digit year: `Date#toISOString` writes others as ±YYYYYY. */
const MIN_FOUR_DIGIT_MS = -62167219200000 // 0000-01-01T00:00:00.000Z
const MAX_FOUR_DIGIT_MS = 253402300799999 // 9999-12-31T23:59:59.999Z
const DAY_MS = 86_400_000

/**
 * Epoch milliseconds → canonical ISO-8601 in UTC with milliseconds, as `Date#toISOString` writes
 * it. Computed with integer arithmetic (Hinnant's civil-from-days) for years 0–9999: three times
 * faster than a `Date`, and the collector formats two timestamps per event. A property test holds
 * it to `toISOString`.
 */
export function formatTimestamp(epochMs: number): string {
  if (!Number.isInteger(epochMs) || epochMs < MIN_FOUR_DIGIT_MS || epochMs > MAX_FOUR_DIGIT_MS) {
    return new Date(epochMs).toISOString()
  }
  const days = Math.floor(epochMs / DAY_MS)
  let rest = epochMs - days * DAY_MS
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const dayOfEra = z - era * 146097
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36524) -
      Math.floor(dayOfEra / 146096)) /
      365,
  )
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const mp = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  const hour = Math.floor(rest / 3_600_000)
  rest -= hour * 3_600_000
  const minute = Math.floor(rest / 60_000)
  rest -= minute * 60_000
  const second = Math.floor(rest / 1000)
  const ms = rest - second * 1000
  return `${pad2(Math.floor(year / 100))}${pad2(year % 100)}-${pad2(month)}-${pad2(day)}T${pad2(hour)}:${pad2(minute)}:${pad2(second)}.${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`)

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/**
 * The canonical form every SDK sends (`Date#toISOString`: `2026-01-31T12:00:00.000Z`), read by
 * character codes: no regular expression, no allocation. `undefined` when the string is not exactly
 * that form (the general parser then decides) or not a real date.
 */
function parseCanonical(s: string): number | undefined {
  if (
    s[4] !== '-' ||
    s[7] !== '-' ||
    s[10] !== 'T' ||
    s[13] !== ':' ||
    s[16] !== ':' ||
    s[19] !== '.'
  ) {
    return undefined
  }
  const year = digits(s, 0, 4)
  const month = digits(s, 5, 2)
  const day = digits(s, 8, 2)
  const hour = digits(s, 11, 2)
  const minute = digits(s, 14, 2)
  const second = digits(s, 17, 2)
  const ms = digits(s, 20, 3)
  // Date.UTC reads years 0–99 as 1900–1999: those take the general path.
  if (year < 100 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) return undefined
  if (minute < 0 || minute > 59 || second < 0 || second > 59 || ms < 0) return undefined
  if (day > daysInMonth(year, month)) return undefined
  return Date.UTC(year, month - 1, day, hour, minute, second, ms)
}

/**
 * Days of a month (1–12) of the proleptic Gregorian calendar, as ISO-8601 and `Date` count them:
 * year 0000 is a leap year (a `Date.UTC` probe would read it as 1900, which is not).
 */
function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  return month === 2 && leap ? 29 : (DAYS[month - 1] as number)
}

/** The number written by `length` decimal digits of `s` from `from`; -1 when one is not a digit. */
function digits(s: string, from: number, length: number): number {
  let n = 0
  for (let i = from; i < from + length; i++) {
    const digit = s.charCodeAt(i) - 48
    if (digit < 0 || digit > 9) return -1
    n = n * 10 + digit
  }
  return n
}
