import type { DeviceType } from '@clickstream/schema'

/** What a user agent (and client hints) say of the device. Unknown parts are absent. */
export interface DeviceInfo {
  deviceType: DeviceType
  browserName?: string
  browserVersion?: string
  osName?: string
  osVersion?: string
}

/**
 * The device of a user agent string. Never throws: a missing, empty, huge, binary or hostile
 * value gives `{ deviceType: 'other' }`.
 *
 * TODO(part A): ua-parser-js 1.x (MIT), client hints, isbot.
 */
export function parseUserAgent(_userAgent: string): DeviceInfo {
  return { deviceType: 'other' }
}

/** Whether a user agent is a crawler's, monitor's or other automated client's. */
export function isBotUserAgent(_userAgent: string): boolean {
  return false
}
