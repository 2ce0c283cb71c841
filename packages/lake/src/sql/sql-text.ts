import { readdirSync, readFileSync } from 'node:fs'

/** The engines the lake's SQL runs on. */
export type SqlDialect = 'duckdb' | 'athena'

const SQL_DIR = new URL('../../sql/', import.meta.url)

/** The `.sql` file names of a folder of `sql/`, sorted. */
export const sqlFiles = (folder: string): string[] =>
  readdirSync(new URL(`${folder}/`, SQL_DIR))
    .filter((file) => file.endsWith('.sql'))
    .sort()

/** A file of `sql/<folder>/`, as text. */
export const readSql = (folder: string, file: string): string =>
  readFileSync(new URL(`${folder}/${file}`, SQL_DIR), 'utf8')

/** The first `--` comment line: a file's description. */
export function descriptionOf(text: string, fallback: string): string {
  return /^--\s*(.+)$/m.exec(text)?.[1]?.trim() ?? fallback
}

/** The text without its `--` comments and string literals, for finding the names it reads. */
export function codeOnly(text: string): string {
  return text.replace(/'(?:[^']|'')*'/g, "''").replace(/--[^\n]*/g, '')
}

/** Whether `text` (comments and strings aside) reads the relation `name` (`FROM name`, `JOIN name`). */
export const reads = (text: string, name: string): boolean =>
  new RegExp(`\\b(?:FROM|JOIN)\\s+"?${name}(?![\\w"])`, 'i').test(codeOnly(text))

/** Fills `{{name}}` placeholders; a placeholder without a value is a bug, so it throws. */
export function render(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = values[name]
    if (value === undefined) throw new Error(`no value for {{${name}}} in SQL text`)
    return value
  })
}

/** `text` without its leading comment lines and trailing `;`. */
export const bodyOf = (text: string): string =>
  text
    .replace(/^(?:\s*--[^\n]*\n)+/, '')
    .trim()
    .replace(/;\s*$/, '')

/** A text indented by `spaces` (for readable inlined CTEs). */
export const indent = (text: string, spaces = 2): string =>
  text
    .split('\n')
    .map((line) => (line ? ' '.repeat(spaces) + line : line))
    .join('\n')

/**
 * `text` as an SQL string literal, the same on DuckDB and Athena (Trino): in single quotes, a quote
 * doubled; backslashes are not escapes in either. The one place a value becomes SQL text.
 */
export const sqlLiteral = (text: string): string => `'${text.replaceAll("'", "''")}'`
