import { TypegenError } from './errors.js'

/** Words of a name in any convention: `Order Completed`, `order_completed`, `orderCompleted`. */
const words = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase())

const capital = (w: string) => w.charAt(0).toUpperCase() + w.slice(1)

/** `Order Completed` → `OrderCompleted` (a type name); a leading digit gets `_`. */
export function pascalCase(name: string): string {
  const text = words(name).map(capital).join('')
  return /^[0-9]/.test(text) ? `_${text}` : text
}

/** `Order Completed` → `orderCompleted` (a method name); a leading digit gets `_`. */
export function camelCase(name: string): string {
  const [first = '', ...rest] = words(name)
  const text = first + rest.map(capital).join('')
  return /^[0-9]/.test(text) ? `_${text}` : text
}

/** Method names the typed client has besides the events': an event may not take one. */
export const RESERVED_METHODS = ['identify', 'group', 'page', 'screen', 'alias', 'reset'] as const

/**
 * Each planned event's method name, checked: every event has letters or digits to name it by, no
 * two events share a method, none takes a reserved one (`identify`, …) or an Object method's name.
 */
export function methodNames(events: readonly string[], plan: string): Map<string, string> {
  const byMethod = new Map<string, string>()
  for (const event of events) {
    const method = camelCase(event)
    if (method === '')
      throw new TypegenError(
        'unnamed_event',
        plan,
        event,
        'has no letters or digits to name its method by',
      )
    if ((RESERVED_METHODS as readonly string[]).includes(method) || method in Object.prototype)
      throw new TypegenError(
        'reserved_name',
        plan,
        event,
        `its method ${method} is reserved on the typed client`,
      )
    const other = byMethod.get(method)
    if (other !== undefined)
      throw new TypegenError(
        'name_collision',
        plan,
        event,
        `its method ${method} is also ${JSON.stringify(other)}'s: rename one of them`,
      )
    byMethod.set(method, event)
  }
  return new Map([...byMethod].map(([method, event]) => [event, method]))
}
