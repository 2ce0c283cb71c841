import { isLakeError, type Lake, openLake, type QueryResult, sqlLiteral } from '@clickstream/lake'

/** One person of the lake's identity stitching (`persons`), with the e-mail trait they gave last. */
export interface PersonSummary {
  /** `user:<userId>`, or `anon:<anonymousId>` for a visitor never identified. */
  personId: string
  userId: string | null
  email: string | null
  anonymousIds: number
  eventCount: number
  firstSeen: string
  lastSeen: string
}

/** A browser (anonymous id) a person used, with what it was and whether others used it too. */
export interface PersonDevice {
  anonymousId: string
  firstSeen: string
  lastSeen: string
  eventCount: number
  deviceType: string | null
  browserName: string | null
  osName: string | null
  country: string | null
  /** Distinct users identified on this browser (more than one: a shared computer). */
  users: number
}

export interface PersonTimelineEvent {
  messageId: string
  timestamp: string
  type: string
  event: string | null
  name: string | null
  pagePath: string | null
  pageTitle: string | null
}

export interface PersonSession {
  sessionId: string
  key: string
  anonymousId: string | null
  userId: string | null
  startedAt: string
  endedAt: string
  durationMs: number
  eventCount: number
  pageViewCount: number
  bounce: boolean
  landingPagePath: string | null
  exitPagePath: string | null
  deviceType: string | null
  browserName: string | null
  osName: string | null
  country: string | null
  channel: string | null
  isBot: boolean
  /** In order; at most `MAX_TIMELINE_EVENTS` for the whole person. */
  events: PersonTimelineEvent[]
}

export interface PersonDetail {
  person: PersonSummary
  devices: PersonDevice[]
  /** Oldest first, across devices and the back-end; at most `MAX_PERSON_SESSIONS` (the latest). */
  sessions: PersonSession[]
  /** Sessions of the person not shown (past `MAX_PERSON_SESSIONS`). */
  moreSessions: number
  /** Events of the shown sessions not in their timelines (past `MAX_TIMELINE_EVENTS`). */
  moreEvents: number
}

/** Where the person page reads people from: the lake (its identity views). */
export interface PersonsSource {
  /**
   * People whose user id, anonymous id, person id or e-mail trait (any case) is `query`, latest
   * first; without a query, the people seen last. `undefined`: the lake has no files yet.
   */
  search(query: string | undefined): Promise<PersonSummary[] | undefined>
  /** One person's devices and sessions with their timelines; `undefined` when unknown. */
  get(personId: string): Promise<PersonDetail | undefined>
}

/** Longest search text or person id taken (longer: a 400). */
export const MAX_PERSON_QUERY = 256
export const MAX_PERSON_SEARCH_RESULTS = 50
export const MAX_PERSON_SESSIONS = 200
export const MAX_TIMELINE_EVENTS = 5_000

type Query = (sql: string) => Promise<QueryResult>

/**
 * A `PersonsSource` on the lake at `root`, read by DuckDB (`openLake`) for each request, so new
 * files are seen as they land. A lake without its `events/` folder answers as empty. A person's
 * page reads the whole lake once, for the partition keys the person's events and identity links
 * are under, then only those keys' rows (each key whole): its sessions are worked out for one
 * person, not for everybody.
 */
export function lakePersons(root: string): PersonsSource {
  const withLake = async <T>(
    read: (query: Query) => Promise<T>,
    partitionKeys?: readonly string[],
  ): Promise<T | undefined> => {
    let lake: Lake
    try {
      lake = await openLake({
        lake: root,
        fullScan: true,
        ...(partitionKeys ? { partitionKeys } : {}),
      })
    } catch (error) {
      if (isLakeError(error) && error.code === 'no_lake') return undefined
      throw error
    }
    try {
      return await read((sql) => lake.query(sql))
    } finally {
      lake.close()
    }
  }
  return {
    search: async (query) =>
      withLake(async (run) => (await run(searchSql(query))).rows.map(summaryOf)),
    get: async (personId) => {
      const keys = await withLake(async (run) =>
        (await run(keysSql(personId))).rows.map((r) => String(r[0])),
      )
      if (!keys?.length) return undefined
      return (await withLake((run) => personOf(run, personId), keys)) ?? undefined
    },
  }
}

/**
 * The partition keys holding a person's events, and those of the identify and alias calls that
 * link their ids (an alias sent from another browser or the back-end).
 */
function keysSql(personId: string): string {
  const id = sqlLiteral(personId)
  return `WITH mine AS (SELECT DISTINCT partition_key, anonymous_id, user_id FROM person_events WHERE person_id = ${id}),
ids AS (
  SELECT anonymous_id AS id FROM mine WHERE anonymous_id <> ''
  UNION SELECT user_id FROM mine WHERE user_id <> ''
)
SELECT partition_key FROM mine
UNION
SELECT partition_key FROM events
WHERE type IN ('identify', 'alias')
  AND (anonymous_id IN (SELECT id FROM ids) OR user_id IN (SELECT id FROM ids)
    OR previous_id IN (SELECT id FROM ids))`
}

const EMAIL = `json_extract_string(traits, '$.email')`

/** The e-mail each person gave last (identify traits). */
const EMAILS = `SELECT person_id, max_by(${EMAIL}, "timestamp") AS email
  FROM person_events WHERE type = 'identify' AND ${EMAIL} IS NOT NULL GROUP BY person_id`

const SUMMARY_COLUMNS = `p.person_id, p.user_id, m.email, p.anonymous_ids, p.event_count,
  p.first_seen, p.last_seen`

/** The search's SQL (DuckDB, on the lake's views); every value a literal of `sqlLiteral`. */
export function searchSql(query: string | undefined): string {
  const text = query?.trim()
  const matched = text
    ? `JOIN (
    SELECT DISTINCT person_id FROM person_events
    WHERE person_id = ${sqlLiteral(text)}
      OR user_id = ${sqlLiteral(text)}
      OR anonymous_id = ${sqlLiteral(text)}
      OR (type = 'identify' AND lower(${EMAIL}) = lower(${sqlLiteral(text)}))
  ) AS q ON q.person_id = p.person_id`
    : ''
  return `SELECT ${SUMMARY_COLUMNS}
FROM persons AS p
${matched}
LEFT JOIN (${EMAILS}) AS m ON m.person_id = p.person_id
ORDER BY p.last_seen DESC, p.person_id
LIMIT ${MAX_PERSON_SEARCH_RESULTS}`
}

async function personOf(run: Query, personId: string): Promise<PersonDetail | null> {
  const id = sqlLiteral(personId)
  const summary = await run(`SELECT ${SUMMARY_COLUMNS}
FROM persons AS p LEFT JOIN (${EMAILS}) AS m ON m.person_id = p.person_id
WHERE p.person_id = ${id}`)
  const row = summary.rows[0]
  if (!row) return null
  const devices = await run(`SELECT e.anonymous_id, min(e."timestamp") AS first_seen,
  max(e."timestamp") AS last_seen, count(*) AS event_count,
  max_by(e.device_type, e."timestamp") AS device_type, max_by(e.browser_name, e."timestamp") AS browser_name,
  max_by(e.os_name, e."timestamp") AS os_name, max_by(e.country, e."timestamp") AS country,
  coalesce(max(m.users), 0) AS users
FROM person_events AS e LEFT JOIN identity_map AS m ON m.anonymous_id = e.anonymous_id
WHERE e.person_id = ${id} AND e.anonymous_id <> ''
GROUP BY e.anonymous_id
ORDER BY first_seen, e.anonymous_id`)
  const sessions = await run(`WITH mine AS (
  SELECT * FROM person_sessions WHERE person_id = ${id}
  ORDER BY started_at DESC, session_id LIMIT ${MAX_PERSON_SESSIONS}
)
SELECT session_id, "key", anonymous_id, user_id, started_at, ended_at, duration_ms, event_count,
  page_view_count, bounce, landing_page_path, exit_page_path, device_type, browser_name, os_name,
  country, channel, is_bot, (SELECT count(*) FROM person_sessions WHERE person_id = ${id}) AS total
FROM mine ORDER BY started_at, session_id`)
  const events =
    await run(`SELECT session_id, message_id, "timestamp", type, event, name, page_path, page_title
FROM session_events
WHERE session_id IN (
  SELECT session_id FROM person_sessions WHERE person_id = ${id}
  ORDER BY started_at DESC, session_id LIMIT ${MAX_PERSON_SESSIONS}
)
ORDER BY session_id, seq
LIMIT ${MAX_TIMELINE_EVENTS + 1}`)
  const bySession = new Map<string, PersonTimelineEvent[]>()
  const shown = events.rows.slice(0, MAX_TIMELINE_EVENTS)
  for (const r of shown) {
    const [sessionId, messageId, timestamp, type, event, name, pagePath, pageTitle] = r as string[]
    const list = bySession.get(sessionId as string) ?? []
    list.push({
      messageId: messageId as string,
      timestamp: iso(timestamp),
      type: type as string,
      event: event ?? null,
      name: name ?? null,
      pagePath: pagePath ?? null,
      pageTitle: pageTitle ?? null,
    })
    bySession.set(sessionId as string, list)
  }
  const sessionRows = sessions.rows.map((r) => Object.fromEntries(zip(sessions.columns, r)))
  const shownSessions = sessionRows.map(
    (s): PersonSession => ({
      sessionId: s.session_id as string,
      key: s.key as string,
      anonymousId: (s.anonymous_id as string | null) ?? null,
      userId: (s.user_id as string | null) || null,
      startedAt: iso(s.started_at),
      endedAt: iso(s.ended_at),
      durationMs: Number(s.duration_ms),
      eventCount: Number(s.event_count),
      pageViewCount: Number(s.page_view_count),
      bounce: Boolean(s.bounce),
      landingPagePath: (s.landing_page_path as string | null) ?? null,
      exitPagePath: (s.exit_page_path as string | null) ?? null,
      deviceType: (s.device_type as string | null) ?? null,
      browserName: (s.browser_name as string | null) ?? null,
      osName: (s.os_name as string | null) ?? null,
      country: (s.country as string | null) ?? null,
      channel: (s.channel as string | null) ?? null,
      isBot: Boolean(s.is_bot),
      events: bySession.get(s.session_id as string) ?? [],
    }),
  )
  const timelineEvents = shownSessions.reduce((n, s) => n + s.eventCount, 0)
  return {
    person: summaryOf(row),
    devices: devices.rows.map((r) => {
      const d = Object.fromEntries(zip(devices.columns, r))
      return {
        anonymousId: d.anonymous_id as string,
        firstSeen: iso(d.first_seen),
        lastSeen: iso(d.last_seen),
        eventCount: Number(d.event_count),
        deviceType: (d.device_type as string | null) ?? null,
        browserName: (d.browser_name as string | null) ?? null,
        osName: (d.os_name as string | null) ?? null,
        country: (d.country as string | null) ?? null,
        users: Number(d.users),
      }
    }),
    sessions: shownSessions,
    moreSessions: Math.max(0, Number(sessionRows[0]?.total ?? 0) - shownSessions.length),
    moreEvents: Math.max(0, timelineEvents - shown.length),
  }
}

function summaryOf(row: unknown[]): PersonSummary {
  const [personId, userId, email, anonymousIds, eventCount, firstSeen, lastSeen] = row
  return {
    personId: personId as string,
    userId: (userId as string | null) ?? null,
    email: (email as string | null) ?? null,
    anonymousIds: Number(anonymousIds),
    eventCount: Number(eventCount),
    firstSeen: iso(firstSeen),
    lastSeen: iso(lastSeen),
  }
}

const zip = (columns: string[], row: unknown[]) => columns.map((c, i) => [c, row[i]] as const)

/** DuckDB's JSON timestamps (`2026-03-01 08:00:00.123`) as ISO 8601 UTC. */
const iso = (value: unknown) => {
  const text = String(value)
  return new Date(text.includes('T') ? text : `${text.replace(' ', 'T')}Z`).toISOString()
}
