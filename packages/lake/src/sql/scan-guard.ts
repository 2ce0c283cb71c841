import { LAKE_PARTITION_COLUMN } from '@clickstream/schema'
import { LAKE_VIEWS, RAW_RELATION } from './views.js'

/** Relations whose rows come from the lake's files. */
const LAKE_RELATIONS = new Set<string>([RAW_RELATION, ...LAKE_VIEWS])
/** Computed per key over all of a key's events: an event_date filter on them prunes no file. */
const WHOLE_HISTORY = new Set(['session_events', 'sessions', 'counted_sessions'])

/** What the guard found in a query: the lake relations it reads, and whether it restricts them. */
export interface ScanCheck {
  /** Lake relations read without a restriction that prunes files (sorted). */
  unrestricted: string[]
}

type Node = Record<string, unknown>

/**
 * Finds, in DuckDB's own parse tree of `sql` (`json_serialize_sql`), the lake relations each
 * `SELECT` reads and whether its `WHERE` names `event_date`. Sessions (and session events) are
 * always unrestricted: each key's sessions depend on all its events, so their views read every
 * file whatever the query filters (restrict the views instead: `--from/--to`).
 */
export function checkScan(tree: unknown): ScanCheck {
  const unrestricted = new Set<string>()
  const ctes = cteNames(tree)
  const visit = (value: unknown, restricted: boolean): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item, restricted)
      return
    }
    if (typeof value !== 'object' || value === null) return
    const node = value as Node
    let here = restricted
    if (node.type === 'SELECT_NODE' && 'where_clause' in node)
      here = restricted || namesColumn(node.where_clause, LAKE_PARTITION_COLUMN)
    if (node.type === 'BASE_TABLE' && typeof node.table_name === 'string') {
      const name = node.table_name.toLowerCase()
      const lakes = LAKE_RELATIONS.has(name) && !ctes.has(name)
      if (lakes && (!here || WHOLE_HISTORY.has(name))) unrestricted.add(name)
    }
    for (const child of Object.values(node)) visit(child, here)
  }
  visit(tree, false)
  return { unrestricted: [...unrestricted].sort() }
}

/** Names the query's `WITH` clauses define: they shadow the views (a named query's CTEs do). */
function cteNames(value: unknown, names = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) cteNames(item, names)
  else if (typeof value === 'object' && value !== null) {
    const map = (value as { cte_map?: { map?: { key?: unknown }[] } }).cte_map?.map
    for (const entry of map ?? [])
      if (typeof entry.key === 'string') names.add(entry.key.toLowerCase())
    for (const child of Object.values(value)) cteNames(child, names)
  }
  return names
}

function namesColumn(value: unknown, column: string): boolean {
  if (Array.isArray(value)) return value.some((item) => namesColumn(item, column))
  if (typeof value !== 'object' || value === null) return false
  const node = value as Node
  if (node.class === 'COLUMN_REF' && Array.isArray(node.column_names))
    if (String(node.column_names.at(-1)).toLowerCase() === column) return true
  return Object.values(node).some((child) => namesColumn(child, column))
}
