/** Machine-readable codes of what can be wrong with one message. A closed set. */
export const ISSUE_CODES = [
  /** A required field is absent. */
  'required',
  /** Neither `userId` nor `anonymousId` is set. */
  'missing_id',
  /** A field has the wrong JSON type. */
  'invalid_type',
  /** `type` is not one of the six message types. */
  'unknown_type',
  /** A string that must have content is empty. */
  'empty',
  /** A string or key is longer than its cap. */
  'too_long',
  /** The message is larger than {@link MAX_MESSAGE_BYTES}. */
  'too_large',
  /** Objects or arrays nested deeper than {@link MAX_NESTING_DEPTH}. */
  'too_deep',
  /** A timestamp that is not ISO-8601 or not a real date. */
  'invalid_timestamp',
  /** A key that is never accepted (`__proto__`). */
  'forbidden_key',
  /** NaN or ±Infinity. */
  'not_finite',
  /** A value JSON cannot carry: function, symbol, bigint, undefined in an array, a class instance. */
  'not_json',
  /** An object that contains itself. */
  'circular',
  /** The person (`userId` or `anonymousId`) was deleted and is suppressed: nothing of theirs is stored. */
  'suppressed',
  /** A consent rule of the source drops events without consent for one of its categories. */
  'consent_denied',
  /** A track call whose event is not in the source's tracking plan. */
  'unplanned_event',
  /** An event name or property key that breaks the tracking plan's naming convention. */
  'naming_convention',
  /** A property the tracking plan does not allow (`additionalProperties: false`, a `false` schema). */
  'not_allowed',
  /** A value outside the tracking plan's `enum` or `const`. */
  'not_in_enum',
  /** A string that breaks the tracking plan's `format` or `pattern`. */
  'invalid_format',
  /** A number, length or count outside the tracking plan's bounds (`minimum`, `maxLength`, `minItems`, …). */
  'out_of_range',
  /** A value that matches none (`anyOf`), not exactly one (`oneOf`) or the forbidden (`not`) of the plan's choices. */
  'no_match',
  /** Any other rule. */
  'invalid_value',
] as const

export type IssueCode = (typeof ISSUE_CODES)[number]

/** One thing wrong with a message: where, what, and a sentence a person can act on. */
export interface Issue {
  /** Dotted path from the message root, e.g. `properties.items[2].price`; `` for the message itself. */
  path: string
  code: IssueCode
  /** Human message that names the field, e.g. `properties.price: expected number, got string`. */
  message: string
}

export type Path = ReadonlyArray<string | number>

/** `['properties', 'items', 2, 'price']` → `properties.items[2].price`. */
export function formatPath(path: Path): string {
  let out = ''
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`
    else if (/^[A-Za-z_$][\w$]*$/.test(part)) out += out ? `.${part}` : part
    else out += `[${JSON.stringify(part)}]`
  }
  return out
}

export function issue(path: Path, code: IssueCode, detail: string): Issue {
  const where = formatPath(path)
  return { path: where, code, message: `${where || 'message'}: ${detail}` }
}

/** The JSON-ish name of a value's type, for messages like `expected number, got string`. */
export function describeType(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN'
    if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity'
  }
  return typeof value
}
