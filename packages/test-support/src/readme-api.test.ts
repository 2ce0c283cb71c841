import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { readmeApiProblems, typeExports } from './readme-api.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A package in a temporary folder: a main entry and `/sub`, and a README. */
function pack(readme: string, index = 'export const a = 1\nexport type T = string\n'): string {
  const dir = mkdtempSync(join(tmpdir(), 'readme-api-'))
  dirs.push(dir)
  const exports = {
    '.': { '@clickstream/source': './index.ts' },
    './sub': { '@clickstream/source': { node: './sub.ts', default: './sub.ts' } },
    './data': './data.json',
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: '@clickstream/p', exports }))
  writeFileSync(join(dir, 'index.ts'), index)
  writeFileSync(join(dir, 'sub.ts'), 'export function b() {}\n')
  writeFileSync(join(dir, 'README.md'), readme)
  return join(dir, 'index.ts')
}

const table = (kind: string, ...rows: string[]) =>
  [`| ${kind} | what |`, '| --- | --- |', ...rows.map((row) => `| ${row} | … |`), ''].join('\n')

const readme = (...parts: string[]) =>
  ['# p', '', '## API', '', ...parts, '## Other', ''].join('\n')

describe('readmeApiProblems', () => {
  it('finds none when every entry exports exactly what its section lists', async () => {
    const dir = pack(
      readme(
        table('option', '`ignored`'),
        table('constant', '`a`'),
        table('type', '`T`'),
        '### `@clickstream/p/sub`',
        '',
        table('function', '`b(x?)`'),
      ),
    )
    expect(await readmeApiProblems(dir)).toEqual([])
  })

  it('names exports the README leaves out, names it lists that are not exported, and kinds mixed up', async () => {
    const dir = pack(
      readme(table('function', '`a`', '`T`', '`stray()`'), '### `@clickstream/p/sub`', ''),
      'export const a = 1\nexport type { T } from "./t.js"\nexport interface U {}\n',
    )
    expect(await readmeApiProblems(dir)).toEqual([
      "the README's API section lists `T`, which `@clickstream/p` (./index.ts) does not export",
      "the README's API section lists `stray`, which `@clickstream/p` (./index.ts) does not export",
      "`@clickstream/p` (./index.ts) exports type `T`, which the README's API section does not list",
      "`@clickstream/p` (./index.ts) exports type `U`, which the README's API section does not list",
      "`@clickstream/p/sub` (./sub.ts) exports `b`, which the README's API section does not list",
    ])
  })

  it('takes sections from options, and flags unknown subpaths, unreadable rows and repeats', async () => {
    const dir = pack(
      readme(
        table('constant', '`a`', '`a`', 'a'),
        table('type', '`T`'),
        '### `@clickstream/p/none`',
        '',
        table('function', '`b()`'),
      ),
    )
    expect(await readmeApiProblems(dir, { sections: { './sub': ['./none'] } })).toEqual([
      'the README lists `a` twice for `@clickstream/p`',
      "cannot read an export's name from the API row: | a | … |",
      'the README lists `@clickstream/p/none`, which package.json does not export',
    ])
  })

  it('flags an entry that re-exports with export *', async () => {
    const dir = pack(readme(table('constant', '`a`')), "export * from './a.js'\n")
    writeFileSync(join(dir, '../a.ts'), 'export const a = 1\n')
    expect(await readmeApiProblems(dir)).toContain(
      '`@clickstream/p` (./index.ts) re-exports with `export *`: name each export instead',
    )
  })

  it('fails without an API section', async () => {
    expect(await readmeApiProblems(pack('# p\n'))).toContain('the README has no `## API` section')
  })
})

describe('typeExports', () => {
  it('reads type-only exports, inline type specifiers, aliases and declarations, not values', () => {
    const source = [
      '/** export type { Commented } */',
      "export type { A, B as C } from './x.js'",
      "export { type D, e, type F as G } from './y.js'",
      'export interface H {}',
      'export type I<T> = T',
      'export const j = 1',
      'export class K {}',
    ].join('\n')
    expect(typeExports(source).sort()).toEqual(['A', 'C', 'D', 'G', 'H', 'I'])
  })
})
