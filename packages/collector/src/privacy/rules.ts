import { z } from 'zod'

/** Where a rule may point: inside the free-form objects, or at an id (hashing keeps it stable). */
const FIELD_ROOTS = ['properties', 'traits', 'context'] as const
const ID_FIELDS = ['userId', 'anonymousId', 'groupId', 'previousId'] as const

const segment = /^[A-Za-z0-9_$@-]+$/
/** Keys a path may never walk through (the schema refuses `__proto__` in events anyway). */
const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor'])

/** `properties.email`, `traits.address.street`, `context.campaign`: a dotted path under a root. */
const fieldPath = z.string().refine(
  (path) => {
    const [root, ...rest] = path.split('.')
    return (
      FIELD_ROOTS.includes(root as (typeof FIELD_ROOTS)[number]) &&
      rest.length > 0 &&
      rest.every((s) => segment.test(s) && !FORBIDDEN.has(s))
    )
  },
  { message: `a dotted path under ${FIELD_ROOTS.join(', ')} (e.g. properties.email)` },
)

const hashPath = z.union([z.enum(ID_FIELDS), fieldPath])

const consentRule = z
  .object({
    /** A consent category as the consent tool names it (`marketing`, `C0004`, …). */
    category: z.string().min(1).max(100),
    /** Without that category: `drop` the event, or `strip` the `keys` from it. */
    action: z.enum(['drop', 'strip']),
    keys: z.array(fieldPath).max(100).optional(),
  })
  .strict()
  .refine((r) => r.action === 'drop' || (r.keys?.length ?? 0) > 0, {
    message: 'a strip rule names the keys it strips',
    path: ['keys'],
  })

/** A source's privacy rules, as its `privacy` object in the sources configuration. */
export const privacySchema = z
  .object({
    /** Keys removed from every event. */
    drop: z.array(fieldPath).max(100).optional(),
    /** Values replaced by HMAC-SHA256(hashKey, value), hex: stable, not reversible without the key. */
    hash: z.array(hashPath).max(100).optional(),
    /** The source's HMAC key (at least 32 characters); never logged. */
    hashKey: z.string().min(32, 'at least 32 characters').optional(),
    /** Zero the address's last octet / 80 bits for this source (overrides ANONYMIZE_IP). */
    anonymizeIp: z.boolean().optional(),
    /** `reduce`: every version in the user agent after the major becomes 0, client hints lose detail. */
    userAgent: z.enum(['keep', 'reduce']).optional(),
    /** Rules by consent category (`context.consent.categoryPreferences`). */
    consent: z.array(consentRule).max(50).optional(),
    /** An event without consent preferences: `deny` (the rules apply) or `allow`. @default 'deny' */
    unknownConsent: z.enum(['deny', 'allow']).optional(),
  })
  .strict()
  .refine((p) => !p.hash?.length || p.hashKey !== undefined, {
    message: 'hash needs hashKey',
    path: ['hashKey'],
  })

export type PrivacyConfig = z.infer<typeof privacySchema>
