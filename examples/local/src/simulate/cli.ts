import { parseArgs } from 'node:util'
import { parseDuration } from '../config.js'
import { runSimulation } from './simulate.js'

const HELP = `pnpm simulate [options]: realistic shop traffic through the Node SDK

  --users N        distinct visitors (default 200)
  --days N         first visits spread over the N days before now (default 7)
  --events N       calls in all (default 20000)
  --rate N         calls per second (default 500)
  --max-delay D    hold each call back up to D (e.g. 2s): out-of-order arrival (default 0)
  --invalid P      share of invalid events, sent raw to show the rejection path (e.g. 0.01)
  --gap D          the pipeline's session gap; idle periods are made longer (default 30m)
  --host URL       collector (default http://127.0.0.1:8080)
  --write-key K    (default dev-write-key)
  --server-write-key K  the shop backend's source (default: --write-key)
  --seed N         journeys are the same for the same seed (default 42)`

const parse = () =>
  parseArgs({
    options: {
      users: { type: 'string' },
      days: { type: 'string' },
      events: { type: 'string' },
      rate: { type: 'string' },
      'max-delay': { type: 'string' },
      invalid: { type: 'string' },
      gap: { type: 'string' },
      host: { type: 'string' },
      'write-key': { type: 'string' },
      'server-write-key': { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean' },
    },
  })
let values: ReturnType<typeof parse>['values']
try {
  values = parse().values
} catch (error) {
  console.error(`${(error as Error).message}\n\n${HELP}`)
  process.exit(2)
}
if (values.help) {
  console.log(HELP)
  process.exit(0)
}
const number = (value: string | undefined, name: string) => {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isFinite(n) || n < 0) {
    console.error(`--${name}: not a number: ${value}\n\n${HELP}`)
    process.exit(2)
  }
  return n
}

const bar = (done: number, total: number) => {
  const width = 30
  const filled = Math.round((done / Math.max(1, total)) * width)
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round((done / Math.max(1, total)) * 100)}%`
}
const started = Date.now()
let lastLine = 0
const summary = await runSimulation({
  users: number(values.users, 'users'),
  days: number(values.days, 'days'),
  events: number(values.events, 'events'),
  rate: number(values.rate, 'rate'),
  maxDelayMs: values['max-delay'] ? parseDuration(values['max-delay']) : undefined,
  invalid: number(values.invalid, 'invalid'),
  gapMs: values.gap ? parseDuration(values.gap) : undefined,
  host: values.host,
  writeKey: values['write-key'],
  serverWriteKey: values['server-write-key'],
  seed: number(values.seed, 'seed'),
  onProgress: ({ handed, total, delivered }) => {
    const line = `${bar(handed, total)} ${handed}/${total} sent, ${delivered} delivered, ${Math.round(delivered / ((Date.now() - started) / 1000))} events/s`
    if (process.stdout.isTTY) process.stdout.write(`\r${line}`)
    else if (Date.now() - lastLine > 2000 || handed === total) {
      lastLine = Date.now()
      console.log(line)
    }
  },
}).catch((error: Error) => {
  console.error(`\nsimulation failed: ${error.message}`)
  process.exit(1)
})
console.log(`

sent      ${summary.sent}
accepted  ${summary.accepted}
rejected  ${summary.rejected}
retried   ${summary.retried}
dropped   ${summary.dropped}
events/s  ${summary.eventsPerSecond} (${summary.seconds.toFixed(1)} s)`)
process.exit(summary.dropped > 0 ? 1 : 0)
