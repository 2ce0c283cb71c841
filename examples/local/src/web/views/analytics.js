// The dashboard: one panel per query on the lake (/api/analytics/<panel>), every filter applied
// to every panel. Charts by Chart.js (served from the workspace at /vendor/chart.js, a global
// `Chart`); tables and SQL built with el() (text nodes only: the rows are user data).
import { el } from './nav.js'

const Chart = globalThis.Chart
const FILTERS = ['from', 'to', 'source', 'channel', 'device', 'country', 'bots', 'bucket']
const DAY_MS = 86_400_000
const none = (value) => (value === null || value === undefined || value === '' ? '(none)' : value)

/** The panels as the page shows them: which columns the chart reads. */
const PANELS = [
  { name: 'visitors', title: 'Visitors', kind: 'figures', span: true },
  { name: 'over_time', title: 'Visitors, sessions and events over time', kind: 'line', span: true },
  { name: 'top_pages', title: 'Top pages', label: 'page_path', value: 'views' },
  { name: 'top_events', title: 'Top events', label: 'event', value: 'events' },
  {
    name: 'channels',
    title: 'Channels and sources',
    label: (r) => `${none(r.channel)} · ${none(r.traffic_source)} / ${none(r.traffic_medium)}`,
    value: 'sessions',
  },
  { name: 'devices', title: 'Devices', label: 'device_type', value: 'sessions' },
  { name: 'browsers', title: 'Browsers', label: 'browser_name', value: 'sessions' },
  { name: 'countries', title: 'Countries', label: 'country', value: 'sessions' },
  {
    name: 'session_lengths',
    title: 'Session length',
    label: 'length',
    value: 'sessions',
    vertical: true,
  },
  {
    name: 'pages_per_session',
    title: 'Pages per session',
    label: 'pages',
    value: 'sessions',
    vertical: true,
  },
  { name: 'bounce_rate', title: 'Bounce rate', kind: 'figures' },
  {
    name: 'funnel',
    title: 'Funnel',
    label: 'event',
    value: 'sessions',
    vertical: true,
    controls: 'steps',
  },
  {
    name: 'paths',
    title: 'Next pages after…',
    label: 'next_page',
    value: 'views',
    controls: 'page',
  },
]
const FUNNEL_STEPS = ['Product Viewed', 'Product Added', 'Checkout Started', 'Order Completed', '']

const form = document.getElementById('filters')
const status = document.getElementById('status')
const main = document.getElementById('panels')
const charts = new Map()
const sections = new Map()

/** Fills the form from the address (or the last 7 days, UTC), so a dashboard can be linked. */
function initForm() {
  const params = new URLSearchParams(location.search)
  const today = new Date().toISOString().slice(0, 10)
  const week = new Date(Date.parse(`${today}T00:00:00Z`) - 6 * DAY_MS).toISOString().slice(0, 10)
  form.elements.from.value = params.get('from') ?? week
  form.elements.to.value = params.get('to') ?? today
  for (const name of ['source', 'channel', 'device', 'country', 'bucket'])
    form.elements[name].value = params.get(name) ?? ''
  form.elements.bots.checked = params.get('bots') === 'show'
}

function filterParams() {
  const params = new URLSearchParams()
  for (const name of FILTERS) {
    const field = form.elements[name]
    if (field.type === 'checkbox') {
      if (field.checked) params.set(name, field.value)
    } else if (field.value !== '') params.set(name, field.value)
  }
  return params
}

function buildSection(panel) {
  const controls = el('div', { class: 'panel-controls' })
  if (panel.controls === 'steps')
    for (const [i, step] of FUNNEL_STEPS.entries())
      controls.append(
        el('input', { name: 'step', value: step, 'aria-label': `step ${i + 1}`, maxlength: '200' }),
      )
  if (panel.controls === 'page')
    controls.append(
      el('input', { name: 'page', value: '/', 'aria-label': 'page', maxlength: '200' }),
    )
  if (panel.controls)
    controls.append(el('button', { type: 'button', onclick: () => load(panel) }, 'Apply'))
  const section = el(
    'section',
    { class: panel.span ? 'span' : '', dataset: { panel: panel.name, state: 'loading' } },
    el('div', { class: 'panel-head' }, el('h2', {}, panel.title)),
    el('p', { class: 'muted description' }),
    panel.controls ? controls : null,
    panel.kind === 'figures'
      ? el('div', { class: 'figures' })
      : el('div', { class: 'chart-box' }, el('canvas')),
    el('div', { class: 'scroll' }, el('table', {}, el('thead'), el('tbody'))),
    el(
      'details',
      { class: 'sql' },
      el('summary', {}, 'SQL'),
      el('p', { class: 'muted' }, 'DuckDB (pnpm sql "…"):'),
      el('pre', { class: 'duckdb' }),
      el('p', { class: 'muted' }, 'Athena:'),
      el('pre', { class: 'athena' }),
    ),
  )
  sections.set(panel.name, section)
  main.append(section)
}

const objects = (answer) =>
  answer.rows.map((row) => Object.fromEntries(answer.columns.map((c, i) => [c, row[i]])))

function renderTable(section, answer) {
  const thead = section.querySelector('thead')
  const tbody = section.querySelector('tbody')
  thead.replaceChildren(
    el(
      'tr',
      {},
      answer.columns.map((c) => el('th', {}, c)),
    ),
  )
  tbody.replaceChildren(
    ...answer.rows.map((row) =>
      el(
        'tr',
        {},
        row.map((v) => el('td', { title: String(none(v)) }, none(v))),
      ),
    ),
  )
}

function renderFigures(panel, section, answer) {
  const box = section.querySelector('.figures')
  const [row] = objects(answer)
  if (!row) return box.replaceChildren()
  const figure = (label, value, previous) =>
    el(
      'div',
      { class: 'figure', dataset: { figure: label } },
      el('strong', {}, none(value)),
      label,
      previous === undefined
        ? null
        : el('div', { class: 'muted' }, `previous period: ${none(previous)}`),
    )
  if (panel.name === 'visitors')
    box.replaceChildren(
      figure('visitors', row.visitors, row.previous_visitors),
      figure('sessions', row.sessions, row.previous_sessions),
      figure('events', row.events, row.previous_events),
    )
  else
    box.replaceChildren(
      figure('bounce rate %', row.bounce_rate_pct),
      figure('bounces', row.bounces),
      figure('sessions', row.sessions),
    )
}

function renderChart(panel, section, answer) {
  charts.get(panel.name)?.destroy()
  const canvas = section.querySelector('canvas')
  if (!canvas || !Chart) return
  const rows = objects(answer)
  const labelOf =
    typeof panel.label === 'function' ? panel.label : (r) => String(none(r[panel.label]))
  const options = { animation: false, responsive: true, maintainAspectRatio: false }
  let config
  if (panel.kind === 'line') {
    const series = (key, label, dashed) => ({
      label,
      data: rows.map((r) => Number(r[key])),
      borderDash: dashed ? [4, 4] : [],
      pointRadius: 0,
      yAxisID: key.includes('events') ? 'events' : 'y',
    })
    config = {
      type: 'line',
      data: {
        labels: rows.map((r) => r.bucket),
        datasets: [
          series('visitors', 'visitors', false),
          series('sessions', 'sessions', false),
          series('events', 'events', false),
          series('previous_visitors', 'visitors, previous period', true),
          series('previous_sessions', 'sessions, previous period', true),
          series('previous_events', 'events, previous period', true),
        ],
      },
      options: { ...options, scales: { events: { position: 'right' } } },
    }
  } else {
    config = {
      type: 'bar',
      data: {
        labels: rows.map(labelOf),
        datasets: [{ label: panel.value, data: rows.map((r) => Number(r[panel.value])) }],
      },
      options: {
        ...options,
        indexAxis: panel.vertical ? 'x' : 'y',
        plugins: { legend: { display: false } },
      },
    }
  }
  charts.set(panel.name, new Chart(canvas, config))
}

async function load(panel) {
  const section = sections.get(panel.name)
  const params = filterParams()
  for (const input of section.querySelectorAll('.panel-controls input'))
    if (input.value !== '') params.append(input.name, input.value)
  const query = params.toString()
  section.dataset.state = 'loading'
  const response = await fetch(`/api/analytics/${panel.name}?${query}`)
  const answer = await response.json()
  section.querySelector('.error')?.remove()
  if (!response.ok) {
    section.dataset.state = 'error'
    section
      .querySelector('.description')
      .after(el('p', { class: 'error' }, answer.error?.message ?? 'failed'))
    section.dataset.query = query
    return
  }
  section.querySelector('.description').textContent = answer.empty ?? answer.description
  section.querySelector('.description').classList.toggle('empty', Boolean(answer.empty))
  section.querySelector('pre.duckdb').textContent = answer.sql.duckdb
  section.querySelector('pre.athena').textContent = answer.sql.athena
  renderTable(section, answer)
  if (panel.kind === 'figures') renderFigures(panel, section, answer)
  else renderChart(panel, section, answer)
  section.dataset.state = answer.empty ? 'empty' : 'ready'
  section.dataset.query = query
}

async function loadAll() {
  history.replaceState(null, '', `?${filterParams()}`)
  status.textContent = 'loading…'
  const started = performance.now()
  await Promise.all(PANELS.map(load))
  status.textContent = `${PANELS.length} panels in ${Math.round(performance.now() - started)} ms`
}

form.addEventListener('submit', (event) => {
  event.preventDefault()
  loadAll()
})
initForm()
for (const panel of PANELS) buildSection(panel)
loadAll()
