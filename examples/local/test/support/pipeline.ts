import type { KinesisClient } from '@aws-sdk/client-kinesis'
import { readStream } from '@clickstream/local-aws'
import type { SessionRecord } from '@clickstream/schema'
import { waitFor } from '@clickstream/test-support'
import { type LocalConfig, localConfigSchema } from '../../src/config.js'

/** A config on free ports (port 0 everywhere), with overrides. */
export const testConfig = (overrides: Partial<LocalConfig> = {}): LocalConfig =>
  localConfigSchema.parse({
    collectorPort: 0,
    webPort: 0,
    kinesisPort: 0,
    dynamodbPort: 0,
    ...overrides,
  })

/** The sessions the views' API shows, oldest first. */
export async function sessionsOf(webUrl: string): Promise<SessionRecord[]> {
  const body = (await (await fetch(`${webUrl}/api/sessions?limit=500`)).json()) as {
    sessions: SessionRecord[]
  }
  return body.sessions.sort((a, b) => a.startedAt.localeCompare(b.startedAt))
}

export const eventTotal = (sessions: SessionRecord[]) =>
  sessions.reduce((n, s) => n + s.eventCount, 0)

/** Waits until the sessions hold at least `events` events in all; past the deadline, says how many they hold. */
export async function sessionsWith(
  webUrl: string,
  events: number,
  deadline = 60_000,
): Promise<SessionRecord[]> {
  let list: SessionRecord[] = []
  const enough = async () => {
    list = await sessionsOf(webUrl)
    return eventTotal(list) >= events
  }
  await waitFor(enough, {
    deadline,
    interval: 100,
    what: () => `sessions holding ${events} events (they hold ${eventTotal(list)})`,
  })
  return list
}

/** The sequence number of the last record of every shard of `stream` that has records. */
export async function streamEnd(
  kinesis: KinesisClient,
  stream: string,
): Promise<Record<string, string>> {
  const end: Record<string, string> = {}
  for (const r of await readStream(kinesis, stream)) end[r.shardId] = r.sequenceNumber
  return end
}

/** Posts a batch to the collector with the config's write key; the collector's JSON answer. */
export async function postBatch<T = { ok: boolean; accepted: number }>(
  collectorUrl: string,
  writeKey: string,
  batch: unknown[],
): Promise<T> {
  const res = await fetch(`${collectorUrl}/v1/batch`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${btoa(`${writeKey}:`)}`,
    },
    body: JSON.stringify({ batch }),
  })
  return (await res.json()) as T
}
