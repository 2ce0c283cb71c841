import { parseTrackingPlan, type TrackingPlan } from '@clickstream/tracking-plan'
import { ConfigError } from '../errors.js'

/** Where `file:` and `env:` plans are read from: the runtime supplies what it has. */
export interface PlanReaders {
  /** The environment (or the worker's bindings) that `env:<NAME>` reads. */
  env?: Readonly<Record<string, string | undefined>>
  /** Reads a file as UTF-8 (`file:<path>`): Node only; absent, a `file:` plan is a `ConfigError`. */
  readFile?: (path: string) => string
}

/**
 * A source's `trackingPlan` as `SOURCES` gives it — the plan inline, `file:<path>` or
 * `env:<NAME>` (a variable or binding holding the plan's JSON) — read, checked and compiled.
 * Throws `ConfigError` naming the source (by position and id, never its write key), then the
 * plan (the source id, the path, the variable), the event and the keyword.
 */
export function resolveTrackingPlan(
  value: string | Record<string, unknown>,
  source: { position: number; id: string },
  readers: PlanReaders,
): TrackingPlan {
  const where = `source ${source.position} ${JSON.stringify(source.id)}`
  const fail = (reason: string): never => {
    throw new ConfigError(`SOURCES: ${where}: trackingPlan: ${reason}`)
  }
  const parse = (input: unknown, name: string) => {
    try {
      return parseTrackingPlan(input, { name })
    } catch (error) {
      return fail((error as Error).message)
    }
  }
  if (typeof value !== 'string') return parse(value, source.id)
  if (value.startsWith('file:')) {
    const path = value.slice('file:'.length)
    if (!readers.readFile) {
      return fail(`${value} needs a file system: inline the plan, or bind it and use env:<NAME>`)
    }
    let text: string
    try {
      text = readers.readFile(path)
    } catch (error) {
      return fail(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
    }
    return parse(text, path)
  }
  if (value.startsWith('env:')) {
    const name = value.slice('env:'.length)
    const text = readers.env?.[name]
    if (text === undefined || text === '') return fail(`${name} is not set`)
    return parse(text, name)
  }
  return fail('expected the plan itself, file:<path> or env:<NAME>')
}
