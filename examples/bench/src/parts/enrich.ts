import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import * as enrich from '@clickstream/enrich'
import { type Enricher, enrichInputOf, openEnricher } from '@clickstream/enrich'
import { lambdaBuildOptions } from '@clickstream/example-aws-cdk'
import { simulatedEnvelopes } from '@clickstream/local'
import { startDynalite } from '@clickstream/local-aws'
import { toKinesisRecord } from '@clickstream/replay'
import {
  createHandler,
  createMemoryDeadLetter,
  createMemorySessionStore,
  createSessionTable,
} from '@clickstream/sessionizer-lambda'
import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda'
import { build, type Plugin } from 'esbuild'
import type { Part } from '../support/part.js'
import { repoRoot } from '../support/paths.js'
import { fmt, fmtSpread, ratio, spread } from '../support/stats.js'

const START = Date.parse('2026-03-01T00:00:00Z')
const SESSIONIZER_ENTRY = join(repoRoot, 'packages/sessionizer-lambda/src/entrypoints/lambda.ts')

/** An enricher that adds nothing (the answer of an empty input): the baseline of the same run. */
const NO_ENRICHMENT: Enricher = {
  enrich: () => ({ enrichment: { deviceType: 'other', bot: false, channel: 'direct' } }),
}

/**
 * The parts of the enrichment that still answer placeholders (a desktop Chrome from Google in the
 * US must come out so): figures measured without them say nothing about the goals.
 */
function placeholderParts(): string[] {
  const { enrichment: e } = openEnricher().enrich({
    userAgent:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    ip: '8.8.8.8',
    pageUrl: 'https://shop.example/',
    referrer: 'https://www.google.com/',
  })
  return [
    ...(e.deviceType === 'desktop' && e.browserName ? [] : [PART_A]),
    ...(e.country === 'US' ? [] : [PART_B]),
    ...(e.channel === 'organic_search' ? [] : [PART_C]),
  ]
}
const PART_A = 'the user agent (part A)'
const PART_B = 'geo (part B)'
const PART_C = 'traffic (part C)'
const PART_D1 = 'the sessionizer (part D1)'

/** Simulated shop traffic (`simulatedEnvelopes`) of `users` and `events`, from one day on. */
const traffic = (users: number, events: number, seed: number) =>
  simulatedEnvelopes({ users, events, gapMs: 30 * 60_000, start: START, seed })

/** CPU seconds (user + system) of this process while `run` runs: per core, robust to neighbours. */
async function cpuSeconds(run: () => unknown): Promise<number> {
  const before = process.cpuUsage()
  await run()
  const used = process.cpuUsage(before)
  return (used.user + used.system) / 1e6
}

/** Spreads `i` over the IPv4 space (Knuth's multiplicative hash): every event a new address. */
const spreadIp = (i: number) => {
  const n = Math.imul(i + 1, 2_654_435_761) >>> 0
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`
}

/**
 * (1) `openEnricher().enrich(enrichInputOf(event))` over simulated events: a fresh enricher (cold
 * caches) then the same events again (warm), and once with every event's IP new (the geo lookup
 * uncached each time); opening the enricher (reading the geo database) timed apart.
 */
async function enrichThroughput(tiny: boolean, runs: number) {
  const arrived = traffic(tiny ? 100 : 4_000, tiny ? 5_000 : 200_000, 7)
  const events = arrived.flatMap((a) => a.envelope.events)
  const users = new Set(events.map((e) => e.anonymousId))
  const agents = new Set(events.map((e) => e.context?.userAgent))
  const ips = new Set(events.map((e) => e.context?.ip))
  const newIps = events.map((e, i) => ({ ...e, context: { ...e.context, ip: spreadIp(i) } }))
  const samples = { open: [] as number[], cold: [] as number[], warm: [] as number[] }
  const uncached = [] as number[]
  for (let run = 0; run < runs; run++) {
    const opened = performance.now()
    const enricher = openEnricher()
    samples.open.push(performance.now() - opened)
    const pass = (list: typeof events) => () => {
      for (const event of list) enricher.enrich(enrichInputOf(event))
    }
    samples.cold.push(events.length / (await cpuSeconds(pass(events))))
    samples.warm.push(events.length / (await cpuSeconds(pass(events))))
    uncached.push(newIps.length / (await cpuSeconds(pass(newIps))))
  }
  return {
    events: events.length,
    users: users.size,
    agents: agents.size,
    ips: ips.size,
    open: spread(samples.open),
    cold: spread(samples.cold),
    warm: spread(samples.warm),
    newIp: spread(uncached),
  }
}

/**
 * (2) The sessionizer's handler (memory store) over the same kind of traffic, batches of 100
 * records, with the enricher of the defaults and with one that adds nothing, alternating runs.
 */
async function sessionizerThroughput(tiny: boolean, runs: number) {
  const arrived = traffic(tiny ? 50 : 1_000, tiny ? 2_000 : 50_000, 11)
  const records: KinesisStreamRecord[] = arrived.map(({ envelope }, i) =>
    toKinesisRecord({ ...envelope, position: String(i + 1).padStart(20, '0') }, 'shardId-0'),
  )
  const events = arrived.reduce((sum, a) => sum + a.envelope.events.length, 0)
  const last = Math.max(...arrived.map((a) => a.arrivedAt))
  const batches: KinesisStreamEvent[] = []
  for (let i = 0; i < records.length; i += 100) batches.push({ Records: records.slice(i, i + 100) })
  const once = async (enricher: Enricher) => {
    const handler = createHandler({
      store: createMemorySessionStore(),
      deadLetter: createMemoryDeadLetter(),
      clock: () => last + 60_000,
      enricher,
    })
    return (
      events /
      (await cpuSeconds(async () => {
        for (const batch of batches) await handler(batch)
      }))
    )
  }
  const enricher = openEnricher()
  const off: number[] = []
  const on: number[] = []
  for (let run = 0; run < runs; run++) {
    off.push(await once(NO_ENRICHMENT))
    on.push(await once(enricher))
  }
  return { events, records: records.length, off: spread(off), on: spread(on) }
}

/**
 * The "before" bundle's `@clickstream/enrich`: every export of the package, doing nothing (an
 * enricher that adds nothing, an empty config). The same code as the "after" bundle otherwise.
 */
const withoutEnrichment: Plugin = {
  name: 'without-enrichment',
  setup(b) {
    b.onResolve({ filter: /^@clickstream\/enrich$/ }, () => ({
      path: 'enrich',
      namespace: 'no-enrichment',
    }))
    b.onLoad({ filter: /.*/, namespace: 'no-enrichment' }, () => {
      const noop = `({ enrich: () => (${JSON.stringify(NO_ENRICHMENT.enrich({}))}) })`
      const special: Record<string, string> = {
        openEnricher: `() => ${noop}`,
        createEnricher: `() => ${noop}`,
        parseEnrichEnv: '() => ({})',
        enrichInputOf: '() => ({})',
        EnrichConfigError: 'class EnrichConfigError extends Error {}',
        ENRICH_ENV: JSON.stringify(enrich.ENRICH_ENV),
        DEFAULT_CACHE_SIZE: String(enrich.DEFAULT_CACHE_SIZE),
        memoize: '(fn) => fn',
      }
      const names = Object.keys(enrich)
      return {
        contents: names
          .map((name) => `export const ${name} = ${special[name] ?? '() => undefined'}`)
          .join('\n'),
        loader: 'js',
      }
    })
  },
}

/** One cold start in a fresh Node process: import the bundle, then its first invocation. */
function coldStart(bundle: string, env: Record<string, string>, event: unknown) {
  const script = `const started = performance.now()
const { handler } = await import(${JSON.stringify(pathToFileURL(bundle).href)})
const loaded = performance.now()
const response = await handler(${JSON.stringify(event)})
const done = performance.now()
if (response.batchItemFailures.length > 0) process.exit(3)
console.log(JSON.stringify({ load: loaded - started, first: done - loaded, total: done - started }))`
  return new Promise<{ load: number; first: number; total: number }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
    })
    child.stderr.on('data', (chunk: Buffer) => {
      out += chunk.toString()
    })
    child.once('error', reject)
    child.once('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? ''
      if (code === 0) resolve(JSON.parse(line))
      else reject(new Error(`cold start exited with ${code}: ${out.slice(-2000)}`))
    })
  })
}

/**
 * (3) The sessionizer Lambda's bundle (the stack's esbuild options) started cold in child
 * processes against dynalite: "after" as deployed (the bundled geo database), "after" with
 * `ENRICH_GEO_DATABASE=none`, and "before": the same entry built with `@clickstream/enrich`
 * replaced by a package that does nothing. Alternating, several runs, median.
 */
async function coldStarts(runs: number) {
  const dir = mkdtempSync(join(tmpdir(), 'clickstream-bench-cold-'))
  const dynalite = await startDynalite()
  try {
    // Same file names, so the bundles differ only by what enrichment adds.
    const bundles = { after: join(dir, 'after/index.mjs'), before: join(dir, 'before/index.mjs') }
    await build(lambdaBuildOptions(SESSIONIZER_ENTRY, bundles.after, 'node22'))
    await build({
      ...lambdaBuildOptions(SESSIONIZER_ENTRY, bundles.before, 'node22'),
      plugins: [withoutEnrichment],
    })
    await createSessionTable(dynalite.client, 'sessions')
    const env = {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      DYNAMODB_ENDPOINT: dynalite.endpoint,
      TABLE_NAME: 'sessions',
      DEAD_LETTER_KIND: 'table',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    }
    const variants = {
      before: { bundle: bundles.before, env: { ...env, ENRICH_GEO_DATABASE: 'none' } },
      after: {
        bundle: bundles.after,
        env: { ...env, ENRICH_GEO_DATABASE: enrich.defaultGeoDatabasePath() },
      },
      afterNoGeo: { bundle: bundles.after, env: { ...env, ENRICH_GEO_DATABASE: 'none' } },
    }
    const results: Record<keyof typeof variants, { load: number[]; total: number[] }> = {
      before: { load: [], total: [] },
      after: { load: [], total: [] },
      afterNoGeo: { load: [], total: [] },
    }
    let run = 0
    for (let i = 0; i < runs + 1; i++) {
      for (const name of Object.keys(variants) as (keyof typeof variants)[]) {
        const v = variants[name]
        // A new browser each time: every first invocation does the same work.
        const [envelope] = traffic(1, 1, ++run)
        if (!envelope) throw new Error('no simulated envelope')
        const record = toKinesisRecord(
          { ...envelope.envelope, key: `cold-${run}`, position: String(run).padStart(20, '0') },
          'shardId-0',
        )
        const measured = await coldStart(v.bundle, v.env, { Records: [record] })
        // The first round warms the file cache (a Lambda reads its code from a warm disk too).
        if (i === 0) continue
        results[name].load.push(measured.load)
        results[name].total.push(measured.total)
      }
    }
    const size = (file: string) => statSync(file).size
    return {
      runs,
      bytes: { before: size(bundles.before), after: size(bundles.after) },
      before: { load: spread(results.before.load), total: spread(results.before.total) },
      after: { load: spread(results.after.load), total: spread(results.after.total) },
      afterNoGeo: {
        load: spread(results.afterNoGeo.load),
        total: spread(results.afterNoGeo.total),
      },
    }
  } finally {
    await dynalite.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

export const enrichPart: Part = {
  id: 'enrich',
  title: 'Enrichment',
  async run({ tiny, log }) {
    const runs = tiny ? 1 : 5
    const placeholders = placeholderParts()
    log('enrich: enrich() throughput')
    const t = await enrichThroughput(tiny, runs)
    log('enrich: the sessionizer with and without enrichment')
    const s = await sessionizerThroughput(tiny, runs)
    log('enrich: cold starts of the sessionizer bundle')
    const c = await coldStarts(tiny ? 1 : 7)
    const drop = 1 - s.on.median / s.off.median
    const added = c.after.total.median - c.before.total.median
    // The sessionizer applies the enrichment only if its bundle changes without it.
    const sessionizerEnriches = c.bytes.after !== c.bytes.before
    const missing = [...placeholders, ...(sessionizerEnriches ? [] : [PART_D1])]
    const caveat =
      missing.length === 0
        ? ''
        : `**Not a measure of the goals yet:** ${missing.join(', ')} still ${missing.length === 1 ? 'answers' : 'answer'} placeholders in this run${sessionizerEnriches ? '' : ' (the sessionizer bundle is the same with and without `@clickstream/enrich`: (2) and (3) compare the same code)'}. Run \`pnpm bench enrich\` again once they are in.\n\n`
    /** A goal is judged only when every part it depends on is in. */
    const judged = (ok: boolean, needs: string[]) =>
      needs.some((part) => missing.includes(part)) ? undefined : ok
    const markdown = `${caveat}Three measures of \`@clickstream/enrich\` as the consumers apply it, each with its baseline in the same run. Figures per core are events over the process's CPU time (user + system), so other work on the machine does not count.

**(1) \`openEnricher().enrich(enrichInputOf(event))\`**, the defaults (the bundled DB-IP country database), over ${fmt(t.events)} simulated events (\`simulatedEnvelopes\`: ${fmt(t.users)} users, ${fmt(t.agents)} distinct user agents, ${fmt(t.ips)} distinct IPs of ten countries, referrers, UTM and click ids), ${runs} runs, median (min–max). Cold: a fresh enricher, its caches empty; warm: the same events again; every IP new: each event's IP replaced by a different address (the geo lookup misses the cache every time).

| pass | events/s per core |
| --- | --- |
| cold caches | ${fmtSpread(t.cold)} |
| warm caches | ${fmtSpread(t.warm)} |
| every IP new (user agents cached) | ${fmtSpread(t.newIp)} |

Opening the enricher (reading the geo database): ${fmtSpread(t.open, 1)} ms.

**(2) The sessionizer's handler** (\`createHandler\`, memory store, batches of 100 records) over ${fmt(s.events)} simulated events in ${fmt(s.records)} records, with the defaults' enricher and with an enricher that adds nothing, alternating, ${runs} runs each: ${fmtSpread(s.on)} events/s per core with enrichment, ${fmtSpread(s.off)} without: ${ratio(s.on.median, s.off.median)} (a drop of ${fmt(drop * 100, 1)} %).

**(3) Cold start of the sessionizer Lambda's bundle** (\`packages/sessionizer-lambda/src/entrypoints/lambda.ts\`, built with the stack's esbuild options, \`lambdaBuildOptions\`): module load plus the first invocation (one record, a new browser, against dynalite on loopback), in a fresh Node process each time, ${c.runs} runs of each, alternating, after one round that warms the file cache; median (min–max), ms. Before is the same entry built with \`@clickstream/enrich\` replaced by a module that does nothing: the code of the pipeline without enrichment, everything else the same (a bundle of an older commit would also differ in what came after it).

| bundle | size | module load | load + first event |
| --- | --- | --- | --- |
| before (no enrichment) | ${fmt(c.bytes.before / 1024)} KiB | ${fmtSpread(c.before.load, 1)} | ${fmtSpread(c.before.total, 1)} |
| after, \`ENRICH_GEO_DATABASE=none\` | ${fmt(c.bytes.after / 1024)} KiB | ${fmtSpread(c.afterNoGeo.load, 1)} | ${fmtSpread(c.afterNoGeo.total, 1)} |
| after, as deployed (bundled geo database) | ${fmt(c.bytes.after / 1024)} KiB | ${fmtSpread(c.after.load, 1)} | ${fmtSpread(c.after.total, 1)} |

The cold start grows by ${fmt(added, 1)} ms (median against median; a negative figure is noise).`
    return {
      markdown,
      goals: [
        {
          goal: 'enrich: ≥ 50,000 events/s per core through enrich on realistic events, cold and warm caches (issue 16)',
          figure: `cold ${fmt(t.cold.median)}, warm ${fmt(t.warm.median)}`,
          met: judged(t.cold.median >= 50_000 && t.warm.median >= 50_000, [PART_A, PART_B, PART_C]),
        },
        {
          goal: 'enrich: the sessionizer’s events/s per core drop at most 15 % with enrichment (issue 16)',
          figure: `${fmt(drop * 100, 1)} %`,
          met: judged(drop <= 0.15, [PART_A, PART_B, PART_C, PART_D1]),
        },
        {
          goal: 'enrich: the sessionizer’s cold start (module load + first event) grows by at most 150 ms (issue 16)',
          figure: `${added >= 0 ? '+' : ''}${fmt(added, 1)} ms`,
          met: judged(added <= 150, [PART_A, PART_B, PART_C, PART_D1]),
        },
      ],
    }
  },
}
