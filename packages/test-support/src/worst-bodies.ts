/*
 * The worst `/v1/batch` bodies a hostile-input campaign found (issue 14), and a full legitimate one
 * to compare their cost with. Shared by the collector's HTTP test and its benchmark.
 */

/** Messages in a full batch (the batch limit). */
export const FULL_BATCH_MESSAGES = 2500

const tinyMessages = (n: number) =>
  Array.from({ length: n }, (_, i) => `{"type":"track","event":"e","anonymousId":"a-${i % 50}"}`)

const withShared = (fields: string) =>
  `{${fields},"batch":[${tinyMessages(FULL_BATCH_MESSAGES).join(',')}]}`

const sharedString = (bytes: number) => `"context":{"s":"${'x'.repeat(bytes)}"}`
/** Wide rather than long: strings each under the message limit, 20 KB a key. */
const sharedWide = (bytes: number) =>
  `"context":{${Array.from({ length: Math.ceil(bytes / 20_000) }, (_, i) => `"k${i}":"${'x'.repeat(20_000)}"`).join(',')}}`

/** A worst body: what it is, and its JSON text. */
export interface WorstBody {
  name: string
  body: string
}

/** The worst bodies, each of which a collector must refuse cheaply with a 4xx and a code. */
export function worstBatchBodies(): WorstBody[] {
  return [
    {
      name: '2,500 tiny messages, a 200 KB batch context (a 325 KB request)',
      body: withShared(sharedWide(200_000)),
    },
    {
      name: '2,500 tiny messages, a 300 KB batch context (a 425 KB request)',
      body: withShared(sharedWide(300_000)),
    },
    {
      name: '2,500 tiny messages, a 32 KB batch context (80 MB once merged)',
      body: withShared(sharedString(32_000)),
    },
    {
      name: 'batch context nested 100,000 deep',
      body: withShared(`"context":{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`),
    },
    {
      name: 'batch integrations nested 5,000 deep',
      body: withShared(`"integrations":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`),
    },
    {
      name: 'batch context with 1e400, __proto__ and a 300-character key',
      body: withShared(`"context":{"n":1e400,"__proto__":{"x":1},"${'k'.repeat(300)}":1}`),
    },
  ]
}

/**
 * A legitimate full batch: 2,500 small track events of 50 users (~160 bytes each, ~400 KB, within
 * the request limit), as JSON text.
 */
export function fullBatchBody(messageIdPrefix: string): string {
  const sentAt = new Date().toISOString()
  const batch = Array.from({ length: FULL_BATCH_MESSAGES }, (_, i) => ({
    type: 'track',
    event: 'Product Viewed',
    anonymousId: `anon-${i % 50}`,
    messageId: `${messageIdPrefix}-${i}`,
    timestamp: sentAt,
    properties: { product_id: `p-${i}`, price: 12.5 },
  }))
  return JSON.stringify({ batch, sentAt })
}
