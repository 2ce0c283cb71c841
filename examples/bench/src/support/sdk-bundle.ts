import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { SdkBuildError } from '@clickstream/local'
import { repoRoot } from './paths.js'

const sdkDir = join(repoRoot, 'packages/sdk-browser')
/** Our script-tag bundle, as `rollup -c` in packages/sdk-browser writes it. */
export const iifePath = join(sdkDir, 'dist/clickstream.min.js')

/**
 * Builds the browser SDK (rollup) so the figures are of the code in the tree; with `onlyIfMissing`
 * (tiny runs) an existing bundle is reused.
 */
export function buildIife(onlyIfMissing: boolean): void {
  if (onlyIfMissing && existsSync(iifePath)) return
  const rollup = join(sdkDir, 'node_modules/.bin/rollup')
  const result = spawnSync(rollup, ['-c'], { cwd: sdkDir, encoding: 'utf8' })
  if (result.status !== 0 || !existsSync(iifePath))
    throw new SdkBuildError(`building the browser SDK failed: ${result.stderr || result.error}`)
}
