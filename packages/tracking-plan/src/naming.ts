/** Naming conventions a plan can ask of event names and property keys. */
export const NAMING_CONVENTIONS = [
  'Title Case',
  'Sentence case',
  'snake_case',
  'camelCase',
  'PascalCase',
  'kebab-case',
] as const

export type NamingConvention = (typeof NAMING_CONVENTIONS)[number]

const PATTERNS: Record<NamingConvention, RegExp> = {
  'Title Case': /^[A-Z0-9][A-Za-z0-9]*(?: [A-Z0-9][A-Za-z0-9]*)*$/,
  'Sentence case': /^[A-Z0-9][a-z0-9]*(?: [a-z0-9]+)*$/,
  snake_case: /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/,
  camelCase: /^[a-z][a-zA-Z0-9]*$/,
  PascalCase: /^[A-Z][a-zA-Z0-9]*$/,
  'kebab-case': /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/,
}

/** Whether `name` follows `convention` (`Order Completed` is Title Case, `order_id` snake_case). */
export function followsConvention(name: string, convention: NamingConvention): boolean {
  return PATTERNS[convention].test(name)
}
