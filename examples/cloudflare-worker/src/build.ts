import { readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { gzipSync } from 'node:zlib'
import { compressSegmentScript } from '@clickstream/collector/node'
import { builtScript } from '@clickstream/sdk-browser/built'
import { build, type Plugin } from 'esbuild'

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
  /**
   * The script Segment's snippet loads, embedded in the bundle.
   * @default `@clickstream/sdk-browser`'s `dist/analytics.min.js` (built first when missing or stale)
   */
  segmentScript?: string
}

/**
 * `clickstream:segment-script`: the script and its gzip and brotli copies, compressed here at
 * build time (the worker never compresses it), decoded once on its first request.
 */
function segmentScriptModule(path: string): Plugin {
  return {
    name: 'segment-script',
    setup(b) {
      b.onResolve({ filter: /^clickstream:segment-script$/ }, () => ({
        path,
        namespace: 'segment-script',
      }))
      b.onLoad({ filter: /.*/, namespace: 'segment-script' }, () => {
        const { js, gzip, br } = compressSegmentScript(new Uint8Array(readFileSync(path)))
        const base64 = (bytes?: Uint8Array) =>
          JSON.stringify(Buffer.from(bytes ?? []).toString('base64'))
        return {
          loader: 'js',
          contents: `const bytes = (b) => Uint8Array.from(atob(b), (c) => c.charCodeAt(0))
export const segmentScript = () => ({ js: new TextEncoder().encode(${JSON.stringify(
            new TextDecoder().decode(js),
          )}), gzip: bytes(${base64(gzip)}), br: bytes(${base64(br)}) })`,
        }
      })
    },
  }
}

/**
 * Bundles the worker the way wrangler would (ESM, browser-like platform, `workerd`/`worker`
 * conditions, minified), resolving workspace packages from source so no build is needed first.
 */
export async function buildWorker(options: BuildWorkerOptions = {}): Promise<WorkerBundle> {
  const script = options.segmentScript ?? builtScript('analytics.min.js')
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
    plugins: [segmentScriptModule(script)],
  })
  const code = result.outputFiles[0]?.text ?? ''
  if (options.outfile) {
    const { mkdirSync, writeFileSync } = await import('node:fs')
    mkdirSync(dirname(options.outfile), { recursive: true })
    writeFileSync(options.outfile, code)
  }
  return { code, bytes: Buffer.byteLength(code), gzipBytes: gzipSync(code, { level: 9 }).length }
}
