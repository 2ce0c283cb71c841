/**
 * `pnpm bench:sdk-node [--tiny]`: enqueue and deliver 100,000 events to the real collector (memory
 * sink) on loopback, with this SDK and with Segment's analytics-node, each run in its own child
 * process (same workload, interleaved). Checks the collector got every event, then writes
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
type Sdk = (typeof sdks)[number]

interface Sample {
  cpuMs: number
  wallMs: number
  peakRssMb: number
  rssBeforeMb: number
  /** peakRssMb − rssBeforeMb: what the workload added over the loaded SDK. */
  rssGrowthMb: number
  failures: number
}

const worker = fileURLToPath(new URL('./worker.ts', import.meta.url))
const cwd = fileURLToPath(new URL('..', import.meta.url))

async function runOnce(sdk: Sdk): Promise<Sample> {
  const collector = await startCollector({ record: false })
  try {
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          '--conditions=@clickstream/source',
          '--import',
          'tsx',
          worker,
          sdk,
          collector.url,
          String(events),
          WRITE_KEY,
        ],
        { cwd, stdio: ['ignore', 'pipe', 'inherit'] },
      )
      let text = ''
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        text += chunk
      })
      child.once('exit', (code) =>
        code === 0 ? resolve(text) : reject(new Error(`${sdk} worker exited with ${code}`)),
      )
    })
    const sample = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Sample
    sample.rssGrowthMb = sample.peakRssMb - sample.rssBeforeMb
    const ids = new Set(collector.messages().map((m) => m.messageId))
    assert.equal(ids.size, events, `${sdk}: the collector got ${ids.size} of ${events} events`)
    return sample
  } finally {
    await collector.close()
  }
}

const samples: Record<Sdk, Sample[]> = { clickstream: [], segment: [] }
for (let run = 0; run < runs; run++) {
  for (const sdk of sdks) {
    const sample = await runOnce(sdk)
    samples[sdk].push(sample)
    console.log(`run ${run + 1}/${runs} ${sdk}: ${JSON.stringify(sample)}`)
  }
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return {
    min: sorted[0] ?? 0,
    median: sorted[Math.floor(sorted.length / 2)] ?? 0,
    max: sorted.at(-1) ?? 0,
  }
}
const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1))
const metrics: [string, keyof Sample][] = [
  ['CPU time (ms, user+system, workload only)', 'cpuMs'],
  ['wall time (ms)', 'wallMs'],
  ['peak RSS (MB, whole process)', 'peakRssMb'],
  ['peak RSS growth over the loaded SDK (MB)', 'rssGrowthMb'],
]
const rows = metrics.map(([label, key]) => {
  const ours = stats(samples.clickstream.map((s) => s[key]))
  const theirs = stats(samples.segment.map((s) => s[key]))
  const cell = (s: ReturnType<typeof stats>) => `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`
  return `| ${label} | ${cell(ours)} | ${cell(theirs)} | ${(ours.median / theirs.median).toFixed(2)}× |`
})
const segmentVersion = execFileSync(
  process.execPath,
  ['-e', "console.log(require('@segment/analytics-node/package.json').version)"],
  { cwd },
)
  .toString()
  .trim()
const cpu = cpus()
const table = `# @clickstream/sdk-node benchmark

\`pnpm bench:sdk-node${tiny ? ' --tiny' : ''}\`: enqueue ${events.toLocaleString('en')} \`track\` calls in a tight loop, then
\`closeAndFlush\`, against the real collector (memory sink) on loopback in the parent process. Each
run is its own child process (\`node --import tsx\`); both SDKs use their defaults (15 events / batch)
except that ours gets a queue big enough for the whole burst (Segment's queue is unbounded).
CPU time and wall time cover the workload only; peak RSS is the whole child process.
${runs} run(s) per SDK, interleaved; median (min–max).

| metric | @clickstream/sdk-node | @segment/analytics-node ${segmentVersion} | ratio |
|---|---|---|---|
${rows.join('\n')}

Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores (shared), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.
Every run was checked: the collector received all ${events.toLocaleString('en')} events (by \`messageId\`).
`
writeFileSync(new URL('./RESULTS.md', import.meta.url), table)
console.log(table)
