import { buildWorker } from '../src/build.js'

/** `pnpm build`: writes dist/worker.js (wrangler's `main`) and prints its size. */
const outfile = new URL('../dist/worker.js', import.meta.url).pathname
const bundle = await buildWorker({ outfile })
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`
console.log(`dist/worker.js: ${kib(bundle.bytes)} minified, ${kib(bundle.gzipBytes)} gzip`)
