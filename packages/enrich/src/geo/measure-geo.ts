/**
 * Geo figures for the report and BENCHMARKS.md: load time of the bundled database (the share of a
 * cold start), lookups/s without a cache (mmdb-lib alone, and through the `GeoLookup` with its IP
 * parsing) and through the enricher's IP cache, and the file sizes. One process, fresh, so the
 * first load is cold:
 *
 *   npx tsx --conditions=@clickstream/source packages/enrich/src/geo/measure-geo.ts
 */
import { readFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'

const t0 = performance.now()
const { Reader } = await import('mmdb-lib')
const { defaultGeoDatabasePath, openMmdbGeoLookup } = await import('./mmdb.js')
const { createEnricher } = await import('../enricher.js')
const tImport = performance.now() - t0

const path = defaultGeoDatabasePath()
const t1 = performance.now()
const geo = openMmdbGeoLookup(path, 'measure')
const tOpen = performance.now() - t1
const t2 = performance.now()
openMmdbGeoLookup(path, 'measure')
const tOpenWarm = performance.now() - t2

/** Deterministic pseudo-random public-looking IPv4s (xorshift). */
function ips(count: number, seed = 0x2545f491): string[] {
  let x = seed
  const next = () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return x >>> 0
  }
  return Array.from({ length: count }, (_, i) => {
    const n = next()
    if (i % 5 === 4) return `2a0${n % 10}:${(n >>> 8).toString(16)}::${(n & 0xff).toString(16)}`
    return `${1 + (n % 222)}.${(n >>> 8) & 255}.${(n >>> 16) & 255}.${n >>> 24}`
  })
}

function rate(label: string, inputs: string[], fn: (ip: string) => unknown, rounds = 5): number {
  for (const ip of inputs.slice(0, 5000)) fn(ip)
  const results: number[] = []
  for (let r = 0; r < rounds; r++) {
    const start = performance.now()
    for (const ip of inputs) fn(ip)
    results.push(inputs.length / ((performance.now() - start) / 1000))
  }
  results.sort((a, b) => a - b)
  const median = results[Math.floor(results.length / 2)] as number
  console.log(
    `${label}: ${Math.round(median).toLocaleString('en')} /s (min ${Math.round(results[0] as number).toLocaleString('en')}, max ${Math.round(results.at(-1) as number).toLocaleString('en')})`,
  )
  return median
}

const distinct = ips(200_000)
const reader = new Reader(readFileSync(path))
rate('mmdb-lib Reader.get, distinct IPs', distinct, (ip) => reader.get(ip))
rate('GeoLookup (parse + special check + mmdb), distinct IPs', distinct, (ip) => geo.lookup(ip))
const enricher = createEnricher({ geo })
const pool = ips(2_000, 7)
const realistic = Array.from(
  { length: 200_000 },
  (_, i) => pool[(i * 7919) % pool.length] as string,
)
rate('enricher, ip only, 2,000 distinct IPs (cached)', realistic, (ip) => enricher.enrich({ ip }))
const cold = createEnricher({ geo, cacheSize: 1 })
rate('enricher, ip only, cache of 1 (uncached)', distinct, (ip) => cold.enrich({ ip }))

const dir = dirname(path)
console.log(`import of mmdb-lib + enrich modules: ${tImport.toFixed(1)} ms`)
console.log(
  `open bundled database, cold: ${tOpen.toFixed(1)} ms; again: ${tOpenWarm.toFixed(1)} ms`,
)
for (const name of ['dbip-country.mmdb', 'dbip-country-ipv4.mmdb', 'dbip-country-ipv6.mmdb']) {
  console.log(`${name}: ${statSync(join(dir, name)).size.toLocaleString('en')} bytes`)
}
console.log(
  `heap after: ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB, rss ${Math.round(process.memoryUsage().rss / 1e6)} MB`,
)
