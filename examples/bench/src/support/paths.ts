import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The bench package's directory. */
export const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
/** The repository root. */
export const repoRoot = join(benchDir, '..', '..')
/** Where a dev dependency of this package lives. */
export const modulePath = (specifier: string) => join(benchDir, 'node_modules', specifier)
