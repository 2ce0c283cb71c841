import { MAX_KEY_LENGTH, MAX_NESTING_DEPTH } from '@clickstream/schema/lite'

/**
 * Serialises a message in one pass while enforcing the structural rules the collector applies
 * (`checkJsonValue` in `@clickstream/schema`): no functions, symbols, BigInt, NaN/±Infinity,
 * `undefined` in arrays, class instances without `toJSON`, cycles, `__proto__` keys, keys over
 * 256 characters, nesting deeper than 16 levels. Throws a string that names the field, e.g.
 * `properties.items[2].price: NaN is not a finite number`. One pass instead of a check and a
 * stringify: smaller in the bundle and faster on servers.
 */
export function toJson(message: object): string {
  const where = new Map<unknown, [path: string, depth: number]>()
  try {
    return JSON.stringify(message, function (this: unknown, key: string, value: unknown) {
      const [base, depth] = where.get(this) ?? ['', -1]
      const path = Array.isArray(this) ? `${base}[${key}]` : base ? `${base}.${key}` : key
      if (key.length > MAX_KEY_LENGTH)
        throw `${base || 'message'}: key of ${key.length} characters is longer than ${MAX_KEY_LENGTH}`
      if (key === '__proto__') throw `${path}: key "__proto__" is not allowed`
      const type = typeof value
      if (type === 'number' && !Number.isFinite(value))
        throw `${path}: ${value} is not a finite number`
      if (
        type === 'bigint' ||
        type === 'function' ||
        type === 'symbol' ||
        (value === undefined && Array.isArray(this))
      )
        throw `${path}: ${type} cannot be sent as JSON`
      if (type === 'object' && value !== null) {
        const proto = Object.getPrototypeOf(value)
        if (proto !== Object.prototype && proto !== null && !Array.isArray(value))
          throw `${path}: ${proto.constructor?.name ?? 'object'} instance cannot be sent as JSON`
        if (depth >= MAX_NESTING_DEPTH)
          throw `${path.split(/[.[]/)[0]}: nested deeper than ${MAX_NESTING_DEPTH} levels`
        where.set(value, [path, depth + 1])
      }
      return value
    })
  } catch (error) {
    if (typeof error === 'string') throw error
    // The engine's own check: a cycle.
    throw `object contains itself (${String((error as Error).message).replace(/\s*\n\s*/g, ' ')})`
  }
}
