/**
 * ISO-8601 timestamps: a date and a time, seconds and fraction optional, offset optional.
 * A timestamp without an offset is read as UTC (the server has no better guess).
 */
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/

/** Epoch milliseconds of an ISO-8601 timestamp, or `undefined` when it is not one or not a real date. */
export function parseTimestamp(value: string): number | undefined {
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
  const time = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${ms}${offset}`)
  if (Number.isNaN(time)) return undefined
  // Date.parse rolls 2023-02-30 over to March: reject dates that do not exist.
  const probe = new Date(Date.UTC(Number(y), month - 1, day))
  if (probe.getUTCDate() !== day) return undefined
  return time
}

export function isTimestamp(value: string): boolean {
  return parseTimestamp(value) !== undefined
}

/** Epoch milliseconds → canonical ISO-8601 in UTC with milliseconds. */
export function formatTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString()
}
