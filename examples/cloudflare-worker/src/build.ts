import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

export interface WorkerBundle {
  /** The bundled module (ESM). */
  code: string
  bytes: number
  gzipBytes: number
}

export interface BuildWorkerOptions {
  /** @default src/worker.ts of this example */
  entry?: string
  /** Write the bundle here too. @default undefined (memory only) */
  outfile?: string
}

/**
 * Bundles the worker the way wrangler would (ESM, browser-like platform, `workerd`/`worker`
 * conditions, minified), resolving workspace packages from source so no build is needed first.
 */
export async function buildWorker(options: BuildWorkerOptions = {}): Promise<WorkerBundle> {
  const result = await build({
    entryPoints: [options.entry ?? new URL('./worker.ts', import.meta.url).pathname],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@clickstream/source', 'workerd', 'worker', 'browser'],
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
  })
  const code = result.outputFiles[0]?.text ?? ''
  if (options.outfile) {
    const { mkdirSync, writeFileSync } = await import('node:fs')
    const { dirname } = await import('node:path')
    mkdirSync(dirname(options.outfile), { recursive: true })
    writeFileSync(options.outfile, code)
  }
  return { code, bytes: Buffer.byteLength(code), gzipBytes: gzipSync(code, { level: 9 }).length }
}
