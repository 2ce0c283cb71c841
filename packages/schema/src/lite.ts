/**
 * The zod-free part of the contracts: limits, issue codes and the structural checks. Safe for the
 * browser SDK's bundle. Values only: every type is the main entry's, and `import type` from it
 * never brings zod along.
 */

export { consentIssue } from './consent.js'
export { parseDurationMs } from './duration.js'
export { describeType, formatPath, ISSUE_CODES, issue } from './issues.js'
export { checkJsonValue, MAX_ISSUES_PER_MESSAGE, utf8Length } from './json-value.js'
export {
  MAX_BATCH_FIELDS_BYTES,
  MAX_BATCH_MESSAGES,
  MAX_ID_LENGTH,
  MAX_KEY_LENGTH,
  MAX_MESSAGE_BYTES,
  MAX_MESSAGE_ID_LENGTH,
  MAX_NAME_LENGTH,
  MAX_NESTING_DEPTH,
  MAX_RECORD_BYTES,
  MAX_REQUEST_BYTES,
  MAX_REQUEST_OUTPUT_BYTES,
  MAX_SESSION_EVENT_NAMES,
  MESSAGE_TYPES,
  OTHER_EVENTS_KEY,
} from './limits.js'
export { formatTimestamp, isTimestamp, parseTimestamp } from './timestamp.js'
