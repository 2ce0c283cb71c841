const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const

/**
 * `500ms`, `10s`, `30m`, `1h`, `7d` or plain milliseconds → milliseconds, `undefined` when it is
 * not a duration: the one reading of a duration for every flag and variable (`pnpm start`,
 * `pnpm sql`, `pnpm replay`); each caller turns `undefined` into its own error naming the flag.
 */
export function parseDurationMs(value: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(value.trim())
  if (!m) return undefined
  return Math.round(Number(m[1]) * UNIT_MS[(m[2] ?? 'ms') as keyof typeof UNIT_MS])
}
