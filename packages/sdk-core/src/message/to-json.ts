import { MAX_KEY_LENGTH, MAX_NESTING_DEPTH } from '@clickstream/schema/lite'
import { InvalidMessageError } from '../errors.js'

/**
 * Serialises a message in one pass, refusing what JSON cannot carry or the collector would reject
 * (the structural rules of `checkJsonValue` in `@clickstream/schema`): functions, symbols, BigInt,
 * cycles, `__proto__` keys, keys over 256 characters, nesting deeper than 16 levels. Throws an
 * {@link InvalidMessageError} that names the field, e.g.
 * `properties.items[2].price: function cannot be sent as JSON`.
 * Values JSON itself converts (NaN → null, Dates and objects with `toJSON`) pass as JSON converts
 * them. One pass instead of a check and a stringify: smaller in the bundle, faster on servers.
 */
export function toJson(message: object): string {
  const where = new Map<unknown, [path: string, depth: number]>()
  try {
    return JSON.stringify(message, function (this: unknown, key: string, value: unknown) {
      const [base, depth] = where.get(this) ?? ['', -1]
      const path = Array.isArray(this) ? `${base}[${key}]` : base ? `${base}.${key}` : key
      const type = typeof value
      const object = type === 'object' && value
      const problem =
        key.length > MAX_KEY_LENGTH || key === '__proto__'
          ? `key over ${MAX_KEY_LENGTH} characters or __proto__`
          : 'bigint function symbol'.includes(type)
            ? `${type} cannot be sent as JSON`
            : object && depth >= MAX_NESTING_DEPTH
              ? `nested deeper than ${MAX_NESTING_DEPTH} levels`
              : ''
      if (problem) throw new InvalidMessageError(`${path.slice(0, 300)}: ${problem}`)
      if (object) where.set(value, [path, depth + 1])
      return value
    })
  } catch (error) {
    if (error instanceof InvalidMessageError) throw error
    // The engine's own check: a cycle.
    throw new InvalidMessageError(`object contains itself (${(error as Error).message})`)
  }
}
