import { cpus, loadavg } from 'node:os'

export interface Spread {
  min: number
  median: number
  max: number
}

/** min / median / max of a list of samples (the upper median for an even count). */
export function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b)
  return {
    min: sorted[0] ?? Number.NaN,
    median: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
  }
}

/** The p-th percentile (0–100) by nearest rank. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank] ?? Number.NaN
}

/** A number with thousands separators and `digits` decimals. */
export function fmt(n: number, digits = 0): string {
  if (!Number.isFinite(n)) return '–'
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
}

/** `median (min–max)`. */
export function fmtSpread(s: Spread, digits = 0): string {
  return `${fmt(s.median, digits)} (${fmt(s.min, digits)}–${fmt(s.max, digits)})`
}

/** `0.42×`, the ratio of a figure to its baseline. */
export function ratio(value: number, baseline: number, digits = 2): string {
  return baseline > 0 && Number.isFinite(value) ? `${(value / baseline).toFixed(digits)}×` : '–'
}

export interface Machine {
  cpu: string
  cores: number
  node: string
  date: string
  /** 1-minute load average when the part finished (other engineers' work included). */
  load: number
}

export function machine(): Machine {
  const list = cpus()
  return {
    cpu: list[0]?.model.trim() ?? 'unknown CPU',
    cores: list.length,
    node: process.version,
    date: new Date().toISOString().slice(0, 16).replace('T', ' '),
    load: loadavg()[0] ?? 0,
  }
}
