import {
  botBadge,
  channelText,
  deviceText,
  duration,
  el,
  live,
  placeText,
  short,
  time,
} from './nav.js'

const rows = document.getElementById('rows')
const showBots = document.getElementById('show-bots')
const botCount = document.getElementById('bot-count')
const detail = document.getElementById('detail')
const chart = document.getElementById('chart')
let sessions = []
let gapMs = 30 * 60 * 1000
let selected

/** The session's person on the person page (found by its userId, else its anonymousId). */
const personLink = (s, anonymousText) =>
  el(
    'a',
    {
      class: 'person',
      href: `/persons?q=${encodeURIComponent(s.userId ?? s.anonymousId ?? s.key)}`,
      onclick: (event) => event.stopPropagation(),
    },
    s.userId ?? anonymousText,
  )

const isOpen = (s, now = Date.now()) => Date.parse(s.endedAt) + gapMs >= now

function render() {
  const bots = sessions.filter((s) => s.bot).length
  botCount.textContent = showBots.checked
    ? `${bots} bot sessions shown`
    : `${bots} bot sessions hidden`
  rows.replaceChildren(
    ...sessions
      .filter((s) => showBots.checked || !s.bot)
      .map((s) => {
        const tr = el(
          'tr',
          { dataset: { id: s.sessionId }, onclick: () => open(s.sessionId, tr) },
          el('td', { title: s.sessionId }, short(s.sessionId, 10)),
          el('td', { title: s.userId ?? s.anonymousId }, personLink(s, short(s.anonymousId, 10))),
          el('td', {}, time(s.startedAt)),
          el('td', {}, duration(s.durationMs)),
          el('td', {}, s.eventCount),
          el('td', {}, s.pageViewCount),
          el('td', { title: s.landingPage?.url ?? '' }, s.landingPage?.path ?? ''),
          el('td', { title: s.exitPage?.url ?? '' }, s.exitPage?.path ?? ''),
          el('td', { class: 'device', title: deviceText(s) }, deviceText(s, true)),
          el('td', { class: 'country' }, placeText(s)),
          el('td', { class: 'channel', title: channelText(s) }, s.channel ?? ''),
          el(
            'td',
            {},
            el(
              'span',
              { class: `badge ${isOpen(s) ? 'open' : 'closed'}` },
              isOpen(s) ? 'open' : 'closed',
            ),
            ' ',
            botBadge(s),
          ),
        )
        if (s.sessionId === selected) tr.classList.add('selected')
        return tr
      }),
  )
}

async function open(id, tr) {
  selected = id
  for (const r of rows.querySelectorAll('tr.selected')) r.classList.remove('selected')
  tr?.classList.add('selected')
  const response = await fetch(`/api/sessions/${encodeURIComponent(id)}`)
  if (!response.ok)
    return detail.replaceChildren(
      el('h2', {}, 'Timeline'),
      el('p', { class: 'muted' }, 'Session not found (merged into another?).'),
    )
  const { session, events } = await response.json()
  detail.replaceChildren(
    el('h2', {}, `Session ${short(session.sessionId, 12)}`),
    el(
      'p',
      { class: 'muted' },
      personLink(session, session.anonymousId),
      ` · ${duration(session.durationMs)} · ${session.eventCount} events · ${session.bounce ? 'bounce' : 'engaged'}`,
    ),
    el(
      'p',
      { class: 'enrichment' },
      [deviceText(session), placeText(session), channelText(session)].filter(Boolean).join(' · '),
      ' ',
      botBadge(session),
    ),
    el(
      'table',
      {},
      el(
        'tbody',
        {},
        events.map((e) =>
          el(
            'tr',
            {},
            el('td', {}, time(e.timestamp)),
            el('td', {}, e.type),
            el(
              'td',
              { title: e.event ?? e.name ?? '' },
              e.event ?? e.name ?? e.context?.page?.path ?? '',
            ),
          ),
        ),
      ),
    ),
    events.length < session.eventCount
      ? el(
          'p',
          { class: 'muted' },
          `${session.eventCount - events.length} older events are no longer in the live buffer.`,
        )
      : '',
  )
}

function drawChart(rate) {
  const w = 600
  const h = 140
  const now = Date.now()
  const active = rate.map(
    (p) =>
      sessions.filter(
        (s) => Date.parse(s.startedAt) <= p.t * 1000 && Date.parse(s.endedAt) + gapMs >= p.t * 1000,
      ).length,
  )
  const perSecond = rate.map((p) => p.accepted)
  const line = (values, color) => {
    const max = Math.max(1, ...values)
    const points = values
      .map(
        (v, i) =>
          `${((i / Math.max(1, values.length - 1)) * w).toFixed(1)},${(h - 4 - (v / max) * (h - 12)).toFixed(1)}`,
      )
      .join(' ')
    const node = document.createElementNS('http://www.w3.org/2000/svg', 'polyline')
    node.setAttribute('points', points)
    node.setAttribute('fill', 'none')
    node.setAttribute('stroke', color)
    node.setAttribute('stroke-width', '1.5')
    return node
  }
  chart.replaceChildren(line(perSecond, '#3b5bdb'), line(active, '#f08c00'))
  document.getElementById('now').textContent =
    `now: ${perSecond.at(-1) ?? 0} events/s · ${active.at(-1) ?? 0} active · ${new Date(now).toLocaleTimeString()}`
}

async function refresh() {
  const response = await fetch('/api/sessions?limit=100')
  const body = await response.json()
  sessions = body.sessions
  gapMs = body.gapMs
  render()
}

showBots.addEventListener('change', render)
await refresh()
setInterval(refresh, 2000)
live({ stats: (stats) => drawChart(stats.rate) })
