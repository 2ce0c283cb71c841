import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname

/** Newest modification time of the sources the script-tag bundles are built from. */
const newestSource = () =>
  Math.max(
    ...[join(root, 'src'), join(root, '../sdk-core/src'), join(root, 'rollup.config.mjs')].flatMap(
      (path) =>
        statSync(path).isDirectory()
          ? readdirSync(path, { recursive: true, encoding: 'utf8' }).map(
              (f) => statSync(join(path, f)).mtimeMs,
            )
          : [statSync(path).mtimeMs],
    ),
  )

/**
 * The path of a script-tag build (`clickstream.min.js`, or `analytics.min.js`, the one Segment's
 * stock snippet loads), built now with rollup when it is missing or older than its sources: what
 * the tests, the edge worker's build and the CDK stack's Lambda bundle read.
 */
export function builtScript(file: 'clickstream.min.js' | 'analytics.min.js'): string {
  const path = join(root, 'dist', file)
  if (!existsSync(path) || statSync(path).mtimeMs < newestSource()) {
    execFileSync('npx', ['rollup', '-c'], { cwd: root, stdio: 'ignore' })
  }
  return path
}
