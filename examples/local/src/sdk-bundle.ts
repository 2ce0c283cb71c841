import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot } from './config.js'
import { SdkBuildError } from './errors.js'

const sdkDir = join(repoRoot(), 'packages/sdk-browser')

/** The browser SDK's script-tag bundle, as its build writes it. */
export const sdkBundlePath = join(sdkDir, 'dist/clickstream.min.js')
/** The Segment-compatible build Segment's stock snippet loads (served by the collector). */
export const segmentBundlePath = join(sdkDir, 'dist/analytics.min.js')
/** The documented script-tag snippet (minified), as the SDK ships it. */
export const snippetPath = join(sdkDir, 'src/snippet/snippet.min.js')
/** Where the local web server serves the bundle. */
export const SDK_ROUTE = '/sdk/clickstream.min.js'

/** Builds the bundles (rollup) when one is missing; the first start takes a few seconds more. */
export function ensureSdkBundle(log: (message: string) => void = () => {}): void {
  if (existsSync(sdkBundlePath) && existsSync(segmentBundlePath)) return
  log('building the browser SDK (first start only)')
  buildSdkBundle()
}

/** Builds the bundle (rollup) from the tree as it is; a failed build is an `SdkBuildError`. */
export function buildSdkBundle(): void {
  const rollup = join(sdkDir, 'node_modules/.bin/rollup')
  const result = spawnSync(rollup, ['-c'], { cwd: sdkDir, stdio: 'pipe', encoding: 'utf8' })
  if (result.status !== 0 || !existsSync(sdkBundlePath) || !existsSync(segmentBundlePath)) {
    throw new SdkBuildError(
      `building the browser SDK failed: ${result.stderr || result.stdout || result.error}`,
    )
  }
}

/**
 * The SDK's own snippet, loading the bundle from the local web server, then `load()` with the
 * collector and write key: exactly what a site copies, with these two values filled in.
 */
export function snippetFor(collectorUrl: string, writeKey: string): string {
  const snippet = readFileSync(snippetPath, 'utf8')
    .trim()
    .replace(/"https:\/\/[^"]+\/clickstream\.min\.js"/, JSON.stringify(SDK_ROUTE))
  return `<script>\n${snippet}\nanalytics.load(${JSON.stringify(writeKey)}, { host: ${JSON.stringify(collectorUrl)} })\n</script>`
}
