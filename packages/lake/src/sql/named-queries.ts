import { readdirSync, readFileSync } from 'node:fs'

/** The engines the named queries run on. */
export type SqlDialect = 'duckdb' | 'athena'

/** One named query: its file name, the description its first comment gives, runnable text. */
export interface NamedQuery {
  name: string
  description: string
  sql: string
}

const QUERIES = new URL('../../sql/queries/', import.meta.url)

/**
 * The named queries (`sql/queries/*.sql`), one source for both engines, as text the engine runs.
 * Placeholder until the SQL layer lands: the text is the file's, for either dialect.
 */
export function namedQueries(_dialect: SqlDialect): NamedQuery[] {
  return readdirSync(QUERIES)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => {
      const text = readFileSync(new URL(file, QUERIES), 'utf8')
      const description = /^--\s*(.+)$/m.exec(text)?.[1]?.trim() ?? file
      return { name: file.slice(0, -'.sql'.length), description, sql: text.trim() }
    })
}
