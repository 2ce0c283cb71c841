/** A value's own fields when it is an object (arrays included), else none: input is any junk. */
export const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
