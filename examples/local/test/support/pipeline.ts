import type { SessionRecord } from '@clickstream/schema'
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

/**
 * Polls until the sessions hold at least `events` events in all, or the deadline passes (then the
 * caller's assertions say what is missing: a deadline, not a timed assertion).
 */
export async function sessionsWith(
  webUrl: string,
  events: number,
  deadline = 60_000,
): Promise<SessionRecord[]> {
  const until = Date.now() + deadline
  for (;;) {
    const list = await sessionsOf(webUrl)
    if (eventTotal(list) >= events || Date.now() > until) return list
    await new Promise((r) => setTimeout(r, 200))
  }
}
