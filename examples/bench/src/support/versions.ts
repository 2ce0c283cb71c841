import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { modulePath } from './paths.js'

/** The installed version of a peer (a dev dependency of this package). */
export function peerVersion(name: string): string {
  const pkg = JSON.parse(readFileSync(join(modulePath(name), 'package.json'), 'utf8')) as {
    version: string
  }
  return pkg.version
}
