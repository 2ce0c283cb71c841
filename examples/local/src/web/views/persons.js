import { channelText, duration, el, placeText, short } from './nav.js'

const results = document.getElementById('results')
const status = document.getElementById('status')
const detail = document.getElementById('person')
const input = document.getElementById('q')
const params = new URLSearchParams(location.search)

const when = (iso) => (iso ? new Date(iso).toLocaleString() : '')
const personLink = (id, text) =>
  el('a', { href: `/persons?id=${encodeURIComponent(id)}`, title: id }, text ?? id)
/** `mobile · Chrome · Android`, or `server` for a session of back-end events (no browser). */
const device = (d) =>
  [d.deviceType, d.browserName, d.osName].filter(Boolean).join(' · ') ||
  (d.anonymousId ? '' : 'server')

async function getJson(url) {
  const response = await fetch(url)
  const body = await response.json()
  if (!response.ok) throw new Error(body.error?.message ?? response.statusText)
  return body
}

async function search(q) {
  status.textContent = 'searching…'
  try {
    const body = await getJson(`/api/persons${q ? `?q=${encodeURIComponent(q)}` : ''}`)
    status.textContent = !body.lake
      ? 'the lake has no files yet'
      : q
        ? `${body.persons.length} found for “${q}”`
        : `${body.persons.length} seen last`
    results.replaceChildren(
      ...body.persons.map((p) =>
        el(
          'tr',
          { dataset: { id: p.personId } },
          el('td', {}, personLink(p.personId, p.userId ?? short(p.personId, 18))),
          el('td', {}, p.email ?? ''),
          el('td', {}, p.anonymousIds),
          el('td', {}, p.eventCount),
          el('td', {}, when(p.firstSeen)),
          el('td', {}, when(p.lastSeen)),
        ),
      ),
    )
    if (q && body.persons.length === 1 && !params.get('id')) show(body.persons[0].personId)
  } catch (error) {
    status.textContent = `search failed: ${error.message}`
  }
}

function timeline(session) {
  return el(
    'table',
    { class: 'timeline' },
    el(
      'tbody',
      {},
      session.events.map((e) =>
        el(
          'tr',
          {},
          el('td', {}, new Date(e.timestamp).toLocaleTimeString()),
          el('td', {}, e.type),
          el('td', { title: e.pageTitle ?? '' }, e.event ?? e.name ?? e.pagePath ?? ''),
          el('td', { class: 'muted' }, e.type === 'page' ? (e.pagePath ?? '') : ''),
        ),
      ),
    ),
  )
}

async function show(id) {
  detail.hidden = false
  detail.replaceChildren(el('p', { class: 'muted' }, 'loading…'))
  let body
  try {
    body = await getJson(`/api/persons/${encodeURIComponent(id)}`)
  } catch (error) {
    detail.replaceChildren(el('h2', {}, 'Person'), el('p', { class: 'muted' }, error.message))
    return
  }
  const { person, devices, sessions, moreSessions, moreEvents } = body
  detail.replaceChildren(
    el('h2', { id: 'person-title' }, person.userId ?? person.personId),
    el(
      'p',
      { class: 'muted' },
      [
        person.email,
        `${person.eventCount} events`,
        `${sessions.length + moreSessions} sessions`,
        `${devices.length} browsers`,
        `first seen ${when(person.firstSeen)}`,
        `last seen ${when(person.lastSeen)}`,
      ]
        .filter(Boolean)
        .join(' · '),
    ),
    el('h3', {}, 'Browsers'),
    el(
      'table',
      { id: 'devices' },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          ['anonymous id', 'device', 'country', 'events', 'first seen', 'last seen', ''].map((h) =>
            el('th', {}, h),
          ),
        ),
      ),
      el(
        'tbody',
        {},
        devices.map((d) =>
          el(
            'tr',
            {},
            el('td', { title: d.anonymousId }, short(d.anonymousId, 13)),
            el('td', {}, device(d)),
            el('td', {}, d.country ?? ''),
            el('td', {}, d.eventCount),
            el('td', {}, when(d.firstSeen)),
            el('td', {}, when(d.lastSeen)),
            el(
              'td',
              {},
              d.users > 1
                ? el(
                    'span',
                    {
                      class: 'badge shared',
                      title: 'more than one user signed in on this browser: not merged',
                    },
                    `shared by ${d.users} users`,
                  )
                : '',
            ),
          ),
        ),
      ),
    ),
    el('h3', {}, 'Sessions, oldest first'),
    moreSessions > 0
      ? el('p', { class: 'muted' }, `${moreSessions} older sessions are not shown.`)
      : '',
    el(
      'div',
      { id: 'sessions' },
      sessions.map((s) =>
        el(
          'details',
          { class: 'session', dataset: { id: s.sessionId } },
          el(
            'summary',
            {},
            el('strong', {}, when(s.startedAt)),
            ` · ${duration(s.durationMs)} · ${s.eventCount} events · `,
            device(s),
            s.country ? ` · ${placeText(s)}` : '',
            s.channel ? ` · ${channelText(s)}` : '',
            s.landingPagePath ? ` · ${s.landingPagePath}` : '',
            s.anonymousId ? el('span', { class: 'muted' }, ` · ${short(s.anonymousId, 8)}`) : '',
            s.isBot ? el('span', { class: 'badge bot' }, 'bot') : '',
          ),
          timeline(s),
        ),
      ),
    ),
    moreEvents > 0
      ? el('p', { class: 'muted' }, `${moreEvents} events are not in the timelines.`)
      : '',
  )
}

input.value = params.get('q') ?? ''
await search(params.get('q') ?? '')
if (params.get('id')) await show(params.get('id'))
