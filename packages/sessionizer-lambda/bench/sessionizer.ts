/**
 * `pnpm bench:sessionizer [--tiny]`: events/s through the handler (memory store, in-process
 * dynalite) and DynamoDB write requests and write units per event, against one write per event.
 * Writes bench/RESULTS.md. Never asserts a speed.
 */
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb'
import { startDynalite } from '@clickstream/local-aws'
import type { SessionRecord } from '@clickstream/schema'
import { createMemoryDeadLetter } from '../src/dead-letter/memory.js'
import { createHandler } from '../src/handler/create-handler.js'
import { createDynamoDbSessionStore } from '../src/session-store/dynamodb.js'
import { createSessionTable, sessionSortKey } from '../src/session-store/dynamodb-table.js'
import { createMemorySessionStore } from '../src/session-store/memory.js'
import type { SessionStore } from '../src/session-store/session-store.js'
import { batches, traffic } from './traffic.js'

const tiny = process.argv.includes('--tiny')
const EVENTS_PER_RECORD = 10
const records = traffic({
  browsers: tiny ? 20 : 100,
  records: tiny ? 200 : 2_000,
  eventsPerRecord: EVENTS_PER_RECORD,
})
const events = records.length * EVENTS_PER_RECORD
const runs = tiny ? 1 : 5
const dynaliteRuns = tiny ? 1 : 3
const BATCH_SIZES = [100, 1_000]
const clock = () => Date.parse('2026-03-02T00:00:00.000Z')

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return {
    min: sorted[0] ?? 0,
    median: sorted[Math.floor(sorted.length / 2)] ?? 0,
    max: sorted.at(-1) ?? 0,
  }
}
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })

/**
 * Events per CPU-second of this process (user + system), i.e. events/s per core: robust to other
 * processes on a shared machine. Wall-clock events/s alongside.
 */
async function throughput(store: () => Promise<SessionStore>, size: number) {
  const handler = createHandler({
    store: await store(),
    deadLetter: createMemoryDeadLetter(),
    clock,
  })
  const invocations = batches(records, size)
  const started = process.hrtime.bigint()
  const cpu = process.cpuUsage()
  for (const invocation of invocations) {
    const response = await handler(invocation)
    assert.deepEqual(response.batchItemFailures, [], 'unexpected batch item failures')
  }
  const used = process.cpuUsage(cpu)
  const wall = Number(process.hrtime.bigint() - started) / 1e9
  return { perCore: events / ((used.user + used.system) / 1e6), wall: events / wall }
}

const local = await startDynalite()
let tables = 0
const freshTable = async () => {
  const tableName = `bench-${++tables}`
  await createSessionTable(local.client, tableName)
  return tableName
}

const rows: string[] = []
type Rate = Awaited<ReturnType<typeof throughput>>
const rateStats = (rates: Rate[]) => ({
  ...stats(rates.map((rate) => rate.perCore)),
  wall: stats(rates.map((rate) => rate.wall)).median,
})
const memory: Record<number, ReturnType<typeof rateStats>> = {}
const dynalite: Record<number, ReturnType<typeof rateStats>> = {}
const writes: Record<number, { requests: number; units: number; sessions: SessionRecord[] }> = {}
// One discarded run first: the JIT warms up as a long-lived Lambda container's would.
await throughput(async () => createMemorySessionStore(), 100)
for (const size of BATCH_SIZES) {
  const memoryRates: Rate[] = []
  for (let run = 0; run < runs; run++)
    memoryRates.push(await throughput(async () => createMemorySessionStore(), size))
  memory[size] = rateStats(memoryRates)
  const dynamoRates: Rate[] = []
  for (let run = 0; run < dynaliteRuns; run++) {
    const tableName = await freshTable()
    const counted = { requests: 0, units: 0 }
    const store = createDynamoDbSessionStore({
      client: local.client,
      tableName,
      clock,
      onWrite: (units) => {
        counted.requests += 1
        counted.units += units
      },
    })
    dynamoRates.push(await throughput(async () => store, size))
    const keys = [...new Set(records.map((r) => r.kinesis.partitionKey))]
    const sessions = (await Promise.all(keys.map((key) => store.sessionsOfKey(key)))).flat()
    writes[size] = { ...counted, sessions }
  }
  dynalite[size] = rateStats(dynamoRates)
}

/** One write per event: each event rewrites its session item (as large as the final one). */
async function oneWritePerEvent(sessions: SessionRecord[]) {
  const tableName = await freshTable()
  const doc = DynamoDBDocumentClient.from(local.client, {
    marshallOptions: { removeUndefinedValues: true },
  })
  let units = 0
  for (const session of sessions) {
    const out = await doc.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...session,
          pk: session.key,
          sk: sessionSortKey(session.startedAt, session.sessionId),
        },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    )
    units += (out.ConsumedCapacity?.CapacityUnits ?? 0) * session.eventCount
  }
  return { requests: events, units }
}
const baseline = await oneWritePerEvent(writes[100]?.sessions ?? [])
await local.close()

const cpu = cpus()[0]?.model ?? 'unknown CPU'
rows.push(
  '# Sessionizer benchmark',
  '',
  `Machine: ${cpu}, ${cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}; ` +
    `load average ${loadavg()[0]?.toFixed(1)} at the end (shared machine).`,
  `Traffic: ${fmt(events)} events in ${fmt(records.length)} Kinesis records (${EVENTS_PER_RECORD} events per record, ` +
    `${tiny ? 20 : 100} browsers interleaved on one shard), realistic page/track payloads.` +
    (tiny ? ' **Tiny smoke run (--tiny): one run, small stream.**' : ''),
  '',
  '## Throughput through the handler',
  '',
  'Events per CPU-second of the process (events/s per core); dynalite runs in the same process, so its',
  "rows include the database's own work. Wall-clock median alongside (depends on machine load).",
  '',
  '| store | batch size | runs | per core min | per core median | per core max | wall-clock median |',
  '|---|---:|---:|---:|---:|---:|---:|',
  ...BATCH_SIZES.flatMap((size) =>
    (['memory', 'dynalite'] as const).map((name) => {
      const row = (name === 'memory' ? memory : dynalite)[size]
      const n = name === 'memory' ? runs : dynaliteRuns
      return `| ${name} | ${fmt(size)} | ${n} | ${fmt(row?.min ?? 0)} | ${fmt(row?.median ?? 0)} | ${fmt(row?.max ?? 0)} | ${fmt(row?.wall ?? 0)} |`
    }),
  ),
  '',
  '## DynamoDB writes per event',
  '',
  'Write units as DynamoDB (dynalite) reports them for the base table; GSI writes come on top for session',
  'items in both columns. Deterministic: the same in every run.',
  '',
  '| writer | batch size | write requests / event | write units / event | units vs one write per event |',
  '|---|---:|---:|---:|---:|',
  `| one write per event (baseline) | — | ${fmt(baseline.requests / events, 3)} | ${fmt(baseline.units / events, 3)} | 1.00× |`,
  ...BATCH_SIZES.map((size) => {
    const w = writes[size] ?? { requests: 0, units: 0 }
    return `| sessionizer | ${fmt(size)} | ${fmt(w.requests / events, 3)} | ${fmt(w.units / events, 3)} | ${fmt(baseline.units / Math.max(1, w.units), 2)}× fewer |`
  }),
  '',
)
const markdown = rows.join('\n')
writeFileSync(new URL('./RESULTS.md', import.meta.url), markdown)
console.log(markdown)
