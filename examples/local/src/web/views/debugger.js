import { botBadge, channelText, deviceText, el, live, placeText, short, time } from './nav.js'

const rows = document.getElementById('rows')
const detail = document.getElementById('detail')
const counts = document.getElementById('counts')
const search = document.getElementById('search')
const entries = []
let selected

const kind = () => document.querySelector('input[name=kind]:checked').value
const summary = (e) => {
  if (e.kind === 'rejected') {
    let raw = {}
    try {
      raw = JSON.parse(e.raw)
    } catch {}
    return {
      type: raw?.type ?? '?',
      name: raw?.event ?? raw?.name ?? '',
      user: raw?.userId ?? raw?.anonymousId ?? '',
      id: e.messageId ?? '',
      time: new Date(e.at).toISOString(),
    }
  }
  const m = e.event
  return {
    type: m.type,
    name: m.event ?? m.name ?? m.groupId ?? m.previousId ?? '',
    user: m.userId ?? m.anonymousId ?? '',
    id: m.messageId,
    time: m.receivedAt,
  }
}

function matches(e) {
  if (kind() !== 'all' && e.kind !== kind()) return false
  const q = search.value.trim().toLowerCase()
  if (!q) return true
  return JSON.stringify(e).toLowerCase().includes(q)
}

/** The tracking-plan violations the collector recorded on an accepted (flagged) event. */
const violationsOf = (e) =>
  e.kind === 'accepted' && Array.isArray(e.event.context?.violations)
    ? e.event.context.violations
    : []

/** A rejected record's label: `flagged` (also in the stream), `blocked` (by the plan) or `rejected`. */
const REASONS = { plan_flagged: 'flagged', plan_blocked: 'blocked' }
const label = (e) => (e.kind === 'rejected' ? (REASONS[e.reason] ?? 'rejected') : e.kind)

function row(e) {
  const s = summary(e)
  const flagged = violationsOf(e).length
  const tr = el(
    'tr',
    { dataset: { seq: e.seq }, onclick: () => show(e, tr) },
    el('td', {}, time(s.time)),
    el(
      'td',
      {},
      el('span', { class: `badge ${e.kind} ${e.reason ?? ''}` }, label(e)),
      flagged > 0
        ? el(
            'span',
            { class: 'badge plan_flagged', title: 'tracking-plan violations' },
            ` ${flagged} ⚠`,
          )
        : null,
    ),
    el('td', {}, s.type),
    el('td', { title: s.name }, s.name),
    el('td', { title: s.user }, short(s.user, 14)),
    el('td', { title: s.id }, short(s.id, 12)),
  )
  if (selected === e.seq) tr.classList.add('selected')
  return tr
}

function render() {
  rows.replaceChildren(...entries.filter(matches).slice(0, 300).map(row))
  const accepted = entries.filter((e) => e.kind === 'accepted').length
  const flagged = entries.filter((e) => violationsOf(e).length > 0).length
  counts.textContent = `${accepted} accepted (${flagged} with violations) · ${entries.length - accepted} rejected records`
}

function show(e, tr) {
  selected = e.seq
  for (const r of rows.querySelectorAll('tr.selected')) r.classList.remove('selected')
  tr?.classList.add('selected')
  const body =
    e.kind === 'rejected'
      ? [
          el(
            'h2',
            {},
            e.reason === 'plan_flagged'
              ? 'Tracking-plan violations (the event is in the stream too)'
              : e.reason === 'plan_blocked'
                ? 'Blocked by the tracking plan'
                : 'Rejected event',
          ),
          el(
            'ul',
            { class: 'issues' },
            e.issues.map((i) => el('li', {}, `${i.message} (${i.code})`)),
          ),
          el('pre', {}, prettyRaw(e.raw)),
        ]
      : [
          el('h2', {}, `${e.event.type} · ${e.event.event ?? e.event.name ?? ''}`),
          violationList(violationsOf(e)),
          el(
            'div',
            { class: 'beside' },
            el('pre', { class: 'raw' }, JSON.stringify(e.event, null, 2)),
            enrichmentOf(e.enrichment),
          ),
        ]
  detail.replaceChildren(...body)
}

/** An event's tracking-plan violations, as text (never HTML: they quote what the client sent). */
function violationList(violations) {
  if (violations.length === 0) return null
  return el(
    'div',
    { class: 'violations' },
    el('h3', {}, `Tracking-plan violations (${violations.length})`),
    el(
      'ul',
      { class: 'issues' },
      violations.map((v) => el('li', {}, `${String(v?.message ?? '')} (${String(v?.code ?? '')})`)),
    ),
  )
}

/** What the consumers add to the event (the lake's columns, the session's fields), beside its JSON. */
function enrichmentOf(enrichment) {
  if (!enrichment) return el('div', { class: 'enrichment muted' }, 'No enrichment.')
  const rows = [
    ['device', deviceText(enrichment)],
    ['bot', enrichment.bot ? 'yes' : 'no'],
    ['country', placeText(enrichment)],
    ['channel', channelText(enrichment)],
  ]
  return el(
    'div',
    { class: 'enrichment' },
    el('h3', {}, 'Enrichment ', botBadge(enrichment)),
    el(
      'dl',
      {},
      rows.flatMap(([term, value]) => [
        el('dt', {}, term),
        el('dd', { dataset: { field: term } }, value || '—'),
      ]),
    ),
    el('pre', { class: 'fields' }, JSON.stringify(enrichment, null, 2)),
  )
}

const prettyRaw = (raw) => {
  try {
    return JSON.stringify(JSON.parse(raw), null, 2)
  } catch {
    return raw
  }
}

for (const input of document.querySelectorAll('input[name=kind]'))
  input.addEventListener('change', render)
search.addEventListener('input', render)

const initial = await (await fetch('/api/events?limit=500')).json()
entries.push(...initial) // newest first
render()

let pending = false
live({
  entry(e) {
    entries.unshift(e)
    if (entries.length > 2000) entries.length = 2000
    if (!pending) {
      pending = true
      requestAnimationFrame(() => {
        pending = false
        render()
      })
    }
  },
})
