import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { expect, it } from 'vitest'

/** Every module specifier the files reachable from `entry` import, relative ones followed. */
function importsOf(entry: string, seen = new Set<string>()): string[] {
  if (seen.has(entry)) return []
  seen.add(entry)
  const source = readFileSync(entry, 'utf8')
  const specifiers = [...source.matchAll(/\bfrom\s+'([^']+)'|\bimport\s*\(?\s*'([^']+)'/g)].map(
    (m) => (m[1] ?? m[2]) as string,
  )
  return specifiers.flatMap((specifier) =>
    specifier.startsWith('.')
      ? importsOf(join(dirname(entry), specifier.replace(/\.js$/, '.ts')), seen)
      : [specifier],
  )
}

it('@clickstream/enrich/ip imports no package and no Node module (the collector bundles it for the edge)', () => {
  const entry = join(import.meta.dirname, 'index.ts')
  expect(importsOf(entry)).toEqual([])
  // The walk does reach the modules it checks.
  expect(readFileSync(entry, 'utf8')).toContain("from './ip-address.js'")
})
