/**
 * `pnpm bench:sdk-node [--tiny]`: enqueue and deliver 100,000 events to the real collector (memory
 * sink) on loopback, with this SDK and with Segment's analytics-node, each run in its own child
 * process (same workload, interleaved), in two workloads: a burst with default options that yields
 * every 1,000 calls (a batch job), and a tight loop with a queue big enough for it. Counts what the
 * collector got (by `messageId`), measures what a queued event costs, then writes
 * bench/RESULTS.md. Never asserts a speed.
 */
import assert from 'node:assert/strict'
import { execFileSync, spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { fileURLToPath } from 'node:url'
import { startCollector, WRITE_KEY } from '../test/collector.js'

const tiny = process.argv.includes('--tiny')
const events = tiny ? 2_000 : 100_000
const runs = tiny ? 1 : 3
const sdks = ['clickstream', 'segment'] as const
const workloads = ['burst', 'enlarged'] as const
type Sdk = (typeof sdks)[number]
type Workload = (typeof workloads)[number]

interface Sample {
  cpuMs: number
  wallMs: number
  peakRssMb: number
  rssBeforeMb: number
  /** peakRssMb − rssBeforeMb: what the workload added over the loaded SDK. */
  rssGrowthMb: number
  failures: number
  /** Distinct messageIds the collector stored. */
  delivered: number
  /** Messages the collector stored, duplicates included. */
  stored: number
}

const cwd = fileURLToPath(new URL('..', import.meta.url))
const script = (name: string) => fileURLToPath(new URL(`./${name}`, import.meta.url))

/** Runs a bench script in its own process and returns the last line it printed, parsed. */
async function child<T>(args: string[], nodeFlags: string[] = []): Promise<T> {
  const out = await new Promise<string>((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      [...nodeFlags, '--conditions=@clickstream/source', '--import', 'tsx', ...args],
      { cwd, stdio: ['ignore', 'pipe', 'inherit'] },
    )
    let text = ''
    proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk
    })
    proc.once('exit', (code) =>
      code === 0 ? resolve(text) : reject(new Error(`${args.join(' ')} exited with ${code}`)),
    )
  })
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as T
}

async function runOnce(sdk: Sdk, workload: Workload): Promise<Sample> {
  const collector = await startCollector({ record: false })
  try {
    const args = [script('worker.ts'), sdk, workload, collector.url, String(events), WRITE_KEY]
    const sample = await child<Sample>(args)
    sample.rssGrowthMb = sample.peakRssMb - sample.rssBeforeMb
    const messages = collector.messages()
    sample.stored = messages.length
    sample.delivered = new Set(messages.map((m) => m.messageId)).size
    // Ours with a queue for the whole burst must deliver it; the other runs are figures either way
    // (analytics-node near 3 GB on a loaded machine has lost a few hundred to timeouts).
    if (workload === 'enlarged' && sdk === 'clickstream')
      assert.equal(sample.delivered, events, `${sdk}: the collector got ${sample.delivered}`)
    return sample
  } finally {
    await collector.close()
  }
}

const samples = Object.fromEntries(
  workloads.map((w) => [w, { clickstream: [] as Sample[], segment: [] as Sample[] }]),
) as Record<Workload, Record<Sdk, Sample[]>>
for (let run = 0; run < runs; run++) {
  for (const workload of workloads) {
    for (const sdk of sdks) {
      const sample = await runOnce(sdk, workload)
      samples[workload][sdk].push(sample)
      console.log(`run ${run + 1}/${runs} ${workload} ${sdk}: ${JSON.stringify(sample)}`)
    }
  }
}
const cost = await child<{
  events: number
  jsonBytes: number
  heapBytes: number
  rssBytes: number
}>([script('queue-cost.ts'), String(events)], ['--expose-gc'])

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return {
    min: sorted[0] ?? 0,
    median: sorted[Math.floor(sorted.length / 2)] ?? 0,
    max: sorted.at(-1) ?? 0,
  }
}
const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1))
const count = (n: number) => n.toLocaleString('en')
const rows = (workload: Workload, prefix: string, metrics: [string, keyof Sample][]) =>
  metrics.map(([label, key]) => {
    const ours = stats(samples[workload].clickstream.map((s) => s[key]))
    const theirs = stats(samples[workload].segment.map((s) => s[key]))
    const cell = (s: ReturnType<typeof stats>) => `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`
    return `| ${prefix}${label} | ${cell(ours)} | ${cell(theirs)} | ${(ours.median / theirs.median).toFixed(2)}× |`
  })
const measured: [string, keyof Sample][] = [
  ['CPU time (ms, user+system, workload only)', 'cpuMs'],
  ['wall time (ms)', 'wallMs'],
  ['peak RSS (MB, whole process)', 'peakRssMb'],
  ['peak RSS growth over the loaded SDK (MB)', 'rssGrowthMb'],
]
/** The fewest distinct events delivered in any run, and the most messages stored. */
const deliveredRow = (workload: Workload, sdk: Sdk) => {
  const runsOf = samples[workload][sdk]
  const fewest = Math.min(...runsOf.map((s) => s.delivered))
  const most = Math.max(...runsOf.map((s) => s.stored))
  return `${count(fewest)} (${fmt((100 * fewest) / events)} %), ${count(most)} stored`
}
const segmentVersion = execFileSync(
  process.execPath,
  ['-e', "console.log(require('@segment/analytics-node/package.json').version)"],
  { cwd },
)
  .toString()
  .trim()
const cpu = cpus()
const head = `| metric | @clickstream/sdk-node | @segment/analytics-node ${segmentVersion} | ratio |
|---|---|---|---|`
const table = `# @clickstream/sdk-node benchmark

\`pnpm bench:sdk-node${tiny ? ' --tiny' : ''}\`: ${count(events)} \`track\` calls, then \`closeAndFlush\`, against
the real collector (memory sink) on loopback in the parent process. Each run is its own child
process (\`node --import tsx\`); CPU time and wall time cover the workload only; peak RSS is the
whole child process. ${runs} run(s) per SDK and workload, interleaved; median (min–max).

## Burst with default options

The calls in a loop that yields to the event loop every 1,000 calls (\`await new Promise(setImmediate)\`),
as a backfill or batch job does; both SDKs with their default options (ours: a queue of
\`maxQueueBytes\` bytes, no count bound). Delivered: the fewest distinct \`messageId\`s the collector
got in any run, and the most messages it stored (duplicates included).

${head}
| burst: delivered events | ${deliveredRow('burst', 'clickstream')} | ${deliveredRow('burst', 'segment')} | — |
${rows('burst', 'burst: ', measured).join('\n')}

## Tight loop, queue enlarged

The calls in a tight loop; both SDKs use their defaults (15 events / batch) except that ours gets a
queue big enough for the whole burst (Segment's queue is unbounded). Each of our runs was checked:
the collector received all ${count(events)} events (by \`messageId\`).

${head}
| delivered events | ${deliveredRow('enlarged', 'clickstream')} | ${deliveredRow('enlarged', 'segment')} | — |
${rows('enlarged', '', measured).join('\n')}

## What a queued event costs

${count(cost.events)} of the same events queued behind a transport that never answers, then a full GC
(\`queue-cost.ts\`, \`--expose-gc\`): what \`maxQueueBytes\` (which counts JSON bytes) costs in memory.

| per queued event | bytes | × JSON |
|---|---:|---:|
| JSON (UTF-8), what \`maxQueueBytes\` counts | ${fmt(cost.jsonBytes)} | 1.00× |
| heap used | ${fmt(cost.heapBytes)} | ${(cost.heapBytes / cost.jsonBytes).toFixed(2)}× |
| RSS | ${fmt(cost.rssBytes)} | ${(cost.rssBytes / cost.jsonBytes).toFixed(2)}× |

Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores (shared), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.
`
writeFileSync(new URL('./RESULTS.md', import.meta.url), table)
console.log(table)
