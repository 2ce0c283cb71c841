import type { Issue, Message } from '@clickstream/schema'
import { isJsonObject } from '../json-object.js'
import type { PrivacyConfig } from './rules.js'

/** What the rules did to one request's messages. */
export interface PrivacyOutcome {
  /** The messages to store, changed as the rules say, with their positions in the request. */
  kept: { index: number; message: Message }[]
  /** Messages a consent rule dropped, with the issue that says why (`consent_denied`). */
  denied: { index: number; message: Message; issues: Issue[] }[]
  /** Messages a consent rule stripped keys from. */
  stripped: number
}

export interface PrivacyRules {
  apply(messages: readonly { index: number; message: Message }[]): Promise<PrivacyOutcome>
}

type Json = Record<string, unknown>

/** The parent object of a dotted path and its last key, if the path exists. */
function parentOf(message: Json, path: string): [Json, string] | undefined {
  const parts = path.split('.')
  const last = parts.pop() as string
  let at: unknown = message
  for (const part of parts) {
    if (!isJsonObject(at) || !Object.hasOwn(at, part)) return undefined
    at = at[part]
  }
  return isJsonObject(at) && Object.hasOwn(at, last) ? [at, last] : undefined
}

/** A copy of the message whose objects on the paths are copies too (the original stays as sent). */
function copyAlong(message: Json, paths: readonly string[]): Json {
  const copy: Json = { ...message }
  for (const path of paths) {
    const parts = path.split('.')
    parts.pop()
    let at = copy
    for (const part of parts) {
      const next = at[part]
      if (!isJsonObject(next)) break
      at[part] = { ...next }
      at = at[part] as Json
    }
  }
  return copy
}

function remove(message: Json, paths: readonly string[]): void {
  for (const path of paths) {
    const found = parentOf(message, path)
    if (found) delete found[0][found[1]]
  }
}

/** `Chrome/120.0.6099.109` → `Chrome/120.0.0.0`: versions keep their major only. */
export function reduceUserAgent(ua: string): string {
  // A version starts after a non-word character (`x86_64` is no version).
  return ua.replace(
    /(?<![A-Za-z0-9_])(\d+)((?:[._]\d+)+)/g,
    (_, major: string, rest: string) => major + rest.replace(/\d+/g, '0'),
  )
}

function reduceAgent(message: Json): void {
  const context = message.context
  if (!isJsonObject(context)) return
  if (typeof context.userAgent === 'string') context.userAgent = reduceUserAgent(context.userAgent)
  const hints = context.userAgentData
  if (isJsonObject(hints)) {
    // Brands and their majors, mobile and platform stay; the high-entropy hints go.
    const { brands, mobile, platform } = hints
    context.userAgentData = {
      ...(brands === undefined ? {} : { brands }),
      ...(mobile === undefined ? {} : { mobile }),
      ...(platform === undefined ? {} : { platform }),
    }
  }
}

function preferencesOf(message: Json): Record<string, unknown> | undefined {
  const consent = isJsonObject(message.context) ? message.context.consent : undefined
  const preferences = isJsonObject(consent) ? consent.categoryPreferences : undefined
  return isJsonObject(preferences) ? preferences : undefined
}

const encoder = new TextEncoder()
const hex = (bytes: ArrayBuffer) =>
  Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('')

/**
 * A source's privacy rules, ready to apply on every runtime (HMAC through Web Crypto). Order:
 * consent (an event dropped is touched no further), then drops, then hashes, then the user agent.
 */
export function createPrivacyRules(config: PrivacyConfig): PrivacyRules {
  const consent = config.consent ?? []
  const drop = config.drop ?? []
  const hash = config.hash ?? []
  const denyUnknown = (config.unknownConsent ?? 'deny') === 'deny'
  let key: ReturnType<typeof crypto.subtle.importKey> | undefined
  const hmac = async (value: string) => {
    key ??= crypto.subtle.importKey(
      'raw',
      encoder.encode(config.hashKey ?? ''),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    )
    return hex(await crypto.subtle.sign('HMAC', await key, encoder.encode(value)))
  }
  return {
    async apply(messages) {
      const outcome: PrivacyOutcome = { kept: [], denied: [], stripped: 0 }
      for (const { index, message } of messages) {
        const original = message as unknown as Json
        const preferences = preferencesOf(original)
        const refused = consent.filter((rule) =>
          preferences ? preferences[rule.category] !== true : denyUnknown,
        )
        const dropping = refused.find((rule) => rule.action === 'drop')
        if (dropping) {
          const path = `context.consent.categoryPreferences.${dropping.category}`
          outcome.denied.push({
            index,
            message,
            issues: [
              {
                path,
                code: 'consent_denied',
                message: preferences
                  ? `${path}: consent is not given; the source drops such events`
                  : `${path}: no consent preferences; the source drops events without this consent`,
              },
            ],
          })
          continue
        }
        const strip = refused.flatMap((rule) => rule.keys ?? [])
        const paths = [...strip, ...drop, ...hash]
        const changes = paths.length > 0 || hash.length > 0 || config.userAgent === 'reduce'
        if (!changes) {
          outcome.kept.push({ index, message })
          continue
        }
        // Reducing the agent writes new values on `context` (the hints as a new object).
        const reduce = config.userAgent === 'reduce'
        const copy = copyAlong(original, reduce ? [...paths, 'context.userAgent'] : paths)
        if (strip.length > 0 && strip.some((p) => parentOf(copy, p))) outcome.stripped++
        remove(copy, strip)
        remove(copy, drop)
        for (const path of hash) {
          const found = parentOf(copy, path)
          if (!found) continue
          const [parent, last] = found
          const value = parent[last]
          if (typeof value === 'string' || typeof value === 'number') {
            parent[last] = await hmac(String(value))
          }
        }
        if (reduce) reduceAgent(copy)
        outcome.kept.push({ index, message: copy as unknown as Message })
      }
      return outcome
    },
  }
}
