import { gunzipSync, gzipSync } from 'node:zlib'
import { compareFacts, type EventFact, type FactKind } from '../core/event-fact.js'
import type { KeyState } from '../core/key-state.js'
import { factIdOf } from '../core/session-id.js'

/** JSON, gzipped. */
export const pack = (value: unknown): Uint8Array => gzipSync(JSON.stringify(value))

export const unpack = <T>(bytes: Uint8Array): T =>
  JSON.parse(gunzipSync(bytes).toString('utf8')) as T

/** Optional fact fields stored as dictionary columns, in `toFact`'s key order. */
const OPTIONAL = ['n', 'u', 'a', 'pg', 'ref', 'c', 'ua', 'uad', 'ip', 'tu', 'tr'] as const
/** Optional fields that are objects, stored as JSON text. */
const OBJECTS: readonly Optional[] = ['pg', 'c', 'uad']
type Optional = (typeof OPTIONAL)[number]

/**
 * The key state in columns: ids, timestamp deltas, `receivedAt − timestamp`, kinds as one string,
 * and each optional field as indexes into one string dictionary (0 = absent). Facts repeat user
 * agents, pages and names and their timestamps are close, so this is about half the size of
 * gzipped rows; the state is written on every commit, so its size is write units.
 */
interface ColumnarState {
  /** Format: 2 stores fact ids (`factIdOf`); 1 stored raw messageIds, converted when read. */
  f: 1 | 2
  ids: string[]
  t: number[]
  r: number[]
  k: string
  dict: string[]
  cols: Record<Optional, number[]>
  frozen?: KeyState['frozen']
  checkpoints: KeyState['checkpoints']
}

/**
 * The state item's payload: the key state in columns plus `extra` (the commit's outbox), gzipped
 * together so that the outbox's strings share the compression window with the facts'.
 */
export function packState(state: KeyState, extra?: unknown): Uint8Array {
  const dict: string[] = []
  const index = new Map<string, number>()
  const ref = (value: unknown): number => {
    if (value === undefined) return 0
    const text = typeof value === 'string' ? value : JSON.stringify(value)
    let at = index.get(text)
    if (at === undefined) {
      at = dict.push(text)
      index.set(text, at)
    }
    return at
  }
  const cols = Object.fromEntries(OPTIONAL.map((field) => [field, [] as number[]])) as Record<
    Optional,
    number[]
  >
  let previous = 0
  const columnar: ColumnarState = {
    f: 2,
    ids: state.facts.map((fact) => fact.id),
    t: state.facts.map((fact) => {
      const delta = fact.t - previous
      previous = fact.t
      return delta
    }),
    r: state.facts.map((fact) => fact.r - fact.t),
    k: state.facts.map((fact) => fact.k).join(''),
    dict,
    cols,
    checkpoints: state.checkpoints,
  }
  for (const fact of state.facts) for (const field of OPTIONAL) cols[field].push(ref(fact[field]))
  if (state.frozen) columnar.frozen = state.frozen
  return pack(extra === undefined ? columnar : { ...columnar, extra })
}

/** The key state (and the `extra` stored with it) from `packState`'s bytes. */
export function unpackState<T = undefined>(bytes: Uint8Array): { state: KeyState; extra: T } {
  const columnar = unpack<ColumnarState & { extra: T }>(bytes)
  const facts: EventFact[] = []
  let t = 0
  const ids = columnar.f === 1 ? columnar.ids.map(factIdOf) : columnar.ids
  for (const [i, id] of ids.entries()) {
    t += columnar.t[i] ?? 0
    const fact: EventFact = { id, t, r: t + (columnar.r[i] ?? 0), k: columnar.k[i] as FactKind }
    for (const field of OPTIONAL) {
      const at = columnar.cols[field]?.[i] ?? 0 // states written before a field existed lack its column
      if (at === 0) continue
      const text = columnar.dict[at - 1] as string
      Object.assign(fact, { [field]: OBJECTS.includes(field) ? JSON.parse(text) : text })
    }
    facts.push(fact)
  }
  if (columnar.f === 1) facts.sort(compareFacts)
  const state: KeyState = { facts, checkpoints: columnar.checkpoints }
  if (columnar.frozen) state.frozen = columnar.frozen
  return { state, extra: columnar.extra }
}
