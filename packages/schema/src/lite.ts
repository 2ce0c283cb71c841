/**
 * The zod-free part of the contracts: limits, issue codes and the structural checks. Safe for the
 * browser SDK's bundle. Types of the full schemas are importable from the main entry with
 * `import type`, which never brings zod along.
 */
export * from './issues.js'
export { checkJsonValue, MAX_ISSUES_PER_MESSAGE, utf8Length } from './json-value.js'
export * from './limits.js'
export { formatTimestamp, isTimestamp, parseTimestamp } from './timestamp.js'
