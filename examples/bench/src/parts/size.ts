import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { buildSdkBundle, ensureSdkBundle, sdkBundlePath } from '@clickstream/local'
import { builtScript } from '@clickstream/sdk-browser/built'
import { build } from 'esbuild'
import type { Part } from '../support/part.js'
import { benchDir, modulePath } from '../support/paths.js'
import { fmt, ratio } from '../support/stats.js'
import { peerVersion } from '../support/versions.js'

/** Script-tag files: ours first (the baseline of every ratio). */
const scriptTags = () => [
  { sdk: '@clickstream/sdk-browser', file: 'dist/clickstream.min.js', path: sdkBundlePath },
  {
    sdk: '@clickstream/sdk-browser',
    file: 'dist/analytics.min.js',
    path: builtScript('analytics.min.js'),
    note: "the build Segment's stock snippet loads from the collector",
  },
  {
    sdk: '@segment/analytics-next',
    file: 'dist/umd/standalone.js',
    note: 'plus chunks fetched on demand',
  },
  { sdk: '@snowplow/browser-tracker', file: 'dist/index.umd.min.js' },
  {
    sdk: '@rudderstack/analytics-js',
    file: 'dist/npm/modern/umd/index.js',
    note: 'core; plugins fetched from its CDN at load',
  },
  {
    sdk: '@rudderstack/analytics-js',
    file: 'dist/npm/modern/bundled/umd/index.js',
    note: 'all plugins bundled',
  },
  { sdk: 'posthog-js', file: 'dist/array.js', note: 'extensions fetched on demand' },
]

/** The npm path: `src/apps/<name>.ts` (load + page + identify + track), bundled by esbuild. */
const apps = [
  ['clickstream', '@clickstream/sdk-browser'],
  ['segment', '@segment/analytics-next'],
  ['snowplow', '@snowplow/browser-tracker'],
  ['rudderstack', '@rudderstack/analytics-js'],
  ['posthog', 'posthog-js'],
] as const

interface Measured {
  raw: number
  gzip: number
  brotli: number
}

/** gzip level 9 and brotli quality 11, as a CDN serving static files would. */
export function compressedSizes(code: Uint8Array): Measured {
  return {
    raw: code.byteLength,
    gzip: gzipSync(code, { level: 9 }).byteLength,
    brotli: brotliCompressSync(code, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: code.length,
      },
    }).byteLength,
  }
}

async function bundleApp(name: string): Promise<Uint8Array> {
  const out = await build({
    entryPoints: [join(benchDir, 'src/apps', `${name}.ts`)],
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
    // Ours from source (the same code the package publishes); peers from their published builds.
    conditions: ['@clickstream/source'],
    define: { 'process.env.NODE_ENV': '"production"' },
  })
  return out.outputFiles[0]?.contents ?? new Uint8Array()
}

const kb = (bytes: number) => `${fmt(bytes / 1024, 2)} KB`

function table(rows: { label: string; size: Measured }[]): string {
  const base = rows[0]?.size
  const lines = rows.map(
    ({ label, size }) =>
      `| ${label} | ${kb(size.raw)} | ${kb(size.gzip)} | ${kb(size.brotli)} | ${ratio(size.gzip, base?.gzip ?? 0, 1)} | ${ratio(size.brotli, base?.brotli ?? 0, 1)} |`,
  )
  return [
    '| bundle | minified | gzip | brotli | gzip vs ours | brotli vs ours |',
    '|---|---:|---:|---:|---:|---:|',
    ...lines,
  ].join('\n')
}

export const sizePart: Part = {
  id: 'size',
  title: 'Bundle size',
  async run({ tiny, log }) {
    log('size: building the browser SDK')
    tiny ? ensureSdkBundle() : buildSdkBundle()
    const tags = scriptTags().map((tag) => {
      const path = tag.path ?? join(modulePath(tag.sdk), tag.file)
      const version = tag.path ? 'this tree' : peerVersion(tag.sdk)
      const note = tag.note ? ` (${tag.note})` : ''
      return {
        label: `${tag.sdk} ${version} \`${tag.file}\`${note}`,
        size: compressedSizes(readFileSync(path)),
      }
    })
    const bundled = []
    for (const [name, sdk] of apps) {
      log(`size: esbuild app for ${sdk}`)
      const version = sdk.startsWith('@clickstream') ? 'this tree' : peerVersion(sdk)
      bundled.push({ label: `${sdk} ${version}`, size: compressedSizes(await bundleApp(name)) })
    }
    const ours = tags[0]?.size.gzip ?? Number.NaN
    const segment = tags[1]?.size.gzip ?? Number.NaN
    return {
      markdown: [
        'Sizes of the files as published (deterministic: one measurement each). gzip level 9, brotli',
        'quality 11 (`node:zlib`). 1 KB = 1,024 bytes. Ratios: the peer over ours (higher is bigger).',
        '',
        '### Script tag',
        '',
        table(tags),
        '',
        '### npm path',
        '',
        'A minimal app (`examples/bench/src/apps/<sdk>.ts`: load, `page`, `identify`, `track`) bundled by',
        'esbuild (`bundle`, `minify`, `platform: browser`, ES2020, one file: code split on demand by the',
        'peers is inlined, so each row is everything the app can load from its own bundle).',
        '',
        table(bundled),
      ].join('\n'),
      goals: [
        {
          // Issue 18 raised the sdk-browser issue's 6 KB (6,000 B) to 6 KiB for consent and GPC.
          goal: 'browser IIFE ≤ 6 KiB (6,144 B) gzip, with consent (issue 18)',
          figure: `${ours.toLocaleString('en-US')} B (${kb(ours)})`,
          met: ours <= 6144,
        },
        {
          goal: "Segment snippet's build ≤ 7 KiB (7,168 B) gzip (issue 19)",
          figure: `${segment.toLocaleString('en-US')} B (${kb(segment)})`,
          met: segment <= 7168,
        },
      ],
    }
  },
}
