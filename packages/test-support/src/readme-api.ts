import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Headers of the tables in a README's `## API` section that list exports (the first column names
 * one export a row), and whether they list values or types. Other tables (options, methods) are
 * not read.
 */
const KINDS: Readonly<Record<string, 'values' | 'types'>> = {
  function: 'values',
  class: 'values',
  error: 'values',
  constant: 'values',
  schema: 'values',
  type: 'types',
}

interface Names {
  values: Set<string>
  types: Set<string>
}

export interface ReadmeApiOptions {
  /**
   * The README sections (`.`, or a subpath such as `./edge`) whose names an entry exports, when
   * not only its own: `{ './edge': ['.'] }` for a subpath that exports what the main entry does.
   * @default each entry its own section
   */
  sections?: Readonly<Record<string, readonly string[]>>
}

/**
 * Where a package's entries and its README's `## API` section disagree, one sentence each (none
 * when they agree). The package is the nearest one up from `file`, a test's `import.meta.url`
 * (paths, not `URL`s: happy-dom replaces `URL`). Every entry of `package.json` `exports` with a
 * source file is read: its values with `import()`, its types from its `export type { … }`
 * statements and type declarations. The README lists each export once, in a `function`, `class`,
 * `error`, `constant`, `schema` or `type` table (first column: `` `name(…)` ``) of its entry's
 * section: the main entry's first, then a `###` heading naming each subpath (`` `@scope/name/sub` ``).
 */
export async function readmeApiProblems(
  file: string,
  options: ReadmeApiOptions = {},
): Promise<string[]> {
  let dir = dirname(file.startsWith('file:') ? fileURLToPath(file) : file)
  while (!existsSync(join(dir, 'package.json'))) {
    if (dirname(dir) === dir) return [`no package.json above ${file}`]
    dir = dirname(dir)
  }
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    name: string
    exports: Record<string, unknown>
  }
  const readme = readFileSync(join(dir, 'README.md'), 'utf8')
  const { sections, problems } = readmeSections(readme, pkg.name)
  const entries = sourceEntries(pkg.exports)
  for (const section of sections.keys()) {
    if (!entries.has(section)) {
      problems.push(
        `the README lists ${spec(pkg.name, section)}, which package.json does not export`,
      )
    }
  }
  for (const [entry, files] of entries) {
    const listed: Names = { values: new Set(), types: new Set() }
    for (const section of options.sections?.[entry] ?? [entry]) {
      for (const name of sections.get(section)?.values ?? []) listed.values.add(name)
      for (const name of sections.get(section)?.types ?? []) listed.types.add(name)
    }
    for (const source of files) {
      const where = `${spec(pkg.name, entry)} (${source})`
      const path = resolve(dir, source)
      const text = readFileSync(path, 'utf8')
      if (/^export\s+(type\s+)?\*/m.test(text)) {
        problems.push(`${where} re-exports with \`export *\`: name each export instead`)
      }
      const exported = { values: Object.keys(await import(path)), types: typeExports(text) }
      for (const kind of ['values', 'types'] as const) {
        const what = (name: string) => `${kind === 'types' ? 'type ' : ''}\`${name}\``
        for (const name of exported[kind].filter((n) => !listed[kind].has(n))) {
          problems.push(
            `${where} exports ${what(name)}, which the README's API section does not list`,
          )
        }
        for (const name of [...listed[kind]].filter((n) => !exported[kind].includes(n))) {
          problems.push(
            `the README's API section lists ${what(name)}, which ${where} does not export`,
          )
        }
      }
    }
  }
  return problems
}

const spec = (name: string, entry: string) => `\`${name}${entry.slice(1)}\``

/** Each entry (`.`, `./lite`) with its source files: the leaves of its `@clickstream/source` condition. */
function sourceEntries(exports: Record<string, unknown>): Map<string, string[]> {
  const leaves = (target: unknown): string[] =>
    typeof target === 'string'
      ? [target]
      : typeof target === 'object' && target !== null
        ? Object.values(target).flatMap(leaves)
        : []
  const entries = new Map<string, string[]>()
  for (const [entry, target] of Object.entries(exports)) {
    const source = (target as Record<string, unknown>)['@clickstream/source']
    if (source !== undefined) entries.set(entry, [...new Set(leaves(source))])
  }
  return entries
}

/** The type names a module exports: `export type { A, B as C }`, `export { type D }`, `export interface E`, `export type F =`. */
export function typeExports(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')
  const exportedAs = (item: string) =>
    item
      .trim()
      .split(/\s+as\s+/)
      .pop() ?? ''
  const names: string[] = []
  for (const [, list = ''] of code.matchAll(/\bexport\s+type\s*\{([^}]*)\}/g)) {
    names.push(...list.split(',').map(exportedAs))
  }
  for (const [, list = ''] of code.matchAll(/\bexport\s*\{([^}]*)\}/g)) {
    for (const item of list.split(',')) {
      const inline = item.trim().match(/^type\s+(.+)$/s)
      if (inline?.[1]) names.push(exportedAs(inline[1]))
    }
  }
  for (const [, name = ''] of code.matchAll(
    /^export\s+(?:declare\s+)?(?:interface|type)\s+([\w$]+)/gm,
  )) {
    names.push(name)
  }
  return names.filter((name) => name !== '')
}

/**
 * The names listed in a README's `## API` section, per entry: rows of export tables, in the
 * section of the nearest `###` heading that names the entry (`` `@scope/name/sub` ``), else `.`.
 */
export function readmeSections(
  readme: string,
  packageName: string,
): { sections: Map<string, Names>; problems: string[] } {
  const sections = new Map<string, Names>()
  const problems: string[] = []
  const lines = readme.split('\n')
  const start = lines.findIndex((line) => /^## API\s*$/.test(line))
  if (start < 0) return { sections, problems: ['the README has no `## API` section'] }
  let entry = '.'
  let kind: keyof Names | undefined
  let inTable = false
  for (const line of lines.slice(start + 1)) {
    if (/^## /.test(line)) break
    if (!line.startsWith('|')) {
      inTable = false
      if (/^###+ /.test(line)) {
        const named = line.match(/`(@[\w-]+\/[\w-]+)((?:\/[\w-]+)*)`/)
        if (named && named[1] !== packageName)
          problems.push(`heading names another package: ${line}`)
        entry = named ? `.${named[2]}` : '.'
      }
      continue
    }
    const first = line.split(/(?<!\\)\|/)[1]?.trim() ?? ''
    if (!inTable) {
      inTable = true
      kind = KINDS[first]
      continue
    }
    if (!kind || /^:?-+:?$/.test(first)) continue
    const name = first.match(/^`(?:new )?([A-Za-z_$][\w$]*)[^`]*`$/)?.[1]
    if (!name) {
      problems.push(`cannot read an export's name from the API row: ${line}`)
      continue
    }
    const names = sections.get(entry) ?? { values: new Set(), types: new Set() }
    sections.set(entry, names)
    if (names.values.has(name) || names.types.has(name))
      problems.push(`the README lists \`${name}\` twice for ${spec(packageName, entry)}`)
    names[kind].add(name)
  }
  return { sections, problems }
}
