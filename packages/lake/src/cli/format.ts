import type { QueryResult } from '../sql/open-lake.js'
import type { OutputFormat } from './args.js'

const text = (value: unknown): string =>
  value === null || value === undefined
    ? ''
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value)

/** A result as the CLI prints it: an aligned table, JSON (an array of objects) or CSV (RFC 4180). */
export function formatResult(result: QueryResult, format: OutputFormat): string {
  if (format === 'json')
    return JSON.stringify(
      result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c, row[i]]))),
      null,
      2,
    )
  if (format === 'csv') {
    const cell = (value: string) =>
      /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value
    return [result.columns, ...result.rows.map((row) => row.map(text))]
      .map((line) => line.map(cell).join(','))
      .join('\n')
  }
  const cells = result.rows.map((row) => row.map((v) => (v === null ? 'NULL' : text(v))))
  const widths = result.columns.map((c, i) =>
    Math.min(60, Math.max(c.length, ...cells.map((row) => (row[i] ?? '').length))),
  )
  const clip = (value: string, width: number) =>
    value.length > width ? `${value.slice(0, width - 1)}…` : value.padEnd(width)
  const line = (values: string[]) => values.map((v, i) => clip(v, widths[i] ?? 0)).join(' │ ')
  const count = `(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`
  return [
    line(result.columns),
    widths.map((w) => '─'.repeat(w)).join('─┼─'),
    ...cells.map(line),
    count,
  ].join('\n')
}
