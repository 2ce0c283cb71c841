/**
 * Segment's consent object, `context.consent`: `{ categoryPreferences: { [category]: boolean } }`,
 * as consent tools stamp it (e.g. `{ Advertising: false, Analytics: true }`). The zod-free check,
 * for SDKs; `contextSchema` holds the same shape for the collector.
 * @returns what is wrong, naming the field; `undefined` when the value is valid or absent
 */
export function consentIssue(consent: unknown): string | undefined {
  if (consent === undefined) return undefined
  const field = 'context.consent'
  if (typeof consent !== 'object' || consent === null || Array.isArray(consent))
    return `${field} must be an object`
  const preferences = (consent as { categoryPreferences?: unknown }).categoryPreferences
  if (preferences === undefined) return undefined
  if (typeof preferences !== 'object' || preferences === null || Array.isArray(preferences))
    return `${field}.categoryPreferences must be an object of booleans`
  for (const [category, value] of Object.entries(preferences))
    if (typeof value !== 'boolean')
      return `${field}.categoryPreferences.${category} must be a boolean, got ${value === null ? 'null' : typeof value}`
  return undefined
}
