import { spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseTrackingPlan } from '@clickstream/tracking-plan'
import ts from 'typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateTypedClient } from '../src/generate.js'
import { main } from '../src/main.js'
import { typedBrowser, typedNode } from './generated/shop.js'

const fixture = new URL('./fixtures/shop.plan.json', import.meta.url).pathname
const committed = new URL('./generated/shop.ts', import.meta.url).pathname
const biome = new URL('../../../node_modules/.bin/biome', import.meta.url).pathname

/** A plan with names and texts that are awkward to put into code. */
const awkward = {
  name: 'awkward',
  events: {
    'checkout: step 2': { description: 'Ends a comment */ and has `code` and "quotes".' },
    '2FA Enabled': {
      properties: {
        type: 'object',
        properties: {
          "it's": { type: 'string', description: 'A name with a quote.' },
          method: { enum: ['sms', "o'clock", 'a\\b'] },
          nested: {
            type: 'object',
            title: 'Nested',
            properties: { deep: { type: 'array', items: { type: 'integer' } } },
            required: ['deep'],
          },
        },
        required: ["it's"],
      },
    },
    'Cart Viewed': {
      properties: {
        type: 'object',
        properties: { item: { $ref: '#/$defs/item' } },
        $defs: { item: { type: 'object', properties: { sku: { type: 'string' } } } },
      },
    },
    'Product Added': {
      properties: {
        type: 'object',
        properties: { item: { $ref: '#/$defs/item' } },
        $defs: { item: { type: 'object', properties: { price: { type: 'number' } } } },
      },
    },
  },
}

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'typegen-'))
})
afterAll(async () => rm(dir, { recursive: true, force: true }))

const quiet = async (argv: string[]) => {
  const out: string[] = []
  const log = console.log
  const error = console.error
  console.log = (...a: unknown[]) => out.push(a.join(' '))
  console.error = (...a: unknown[]) => out.push(a.join(' '))
  try {
    return { code: await main(argv), out: out.join('\n') }
  } finally {
    console.log = log
    console.error = error
  }
}

/** `tsc --strict --noEmit` on `files` (name → text) in `dir`: each diagnostic as `line code`. */
async function compileErrors(files: Record<string, string>): Promise<string[]> {
  const names = await Promise.all(
    Object.entries(files).map(async ([name, text]) => {
      await writeFile(join(dir, name), text)
      return join(dir, name)
    }),
  )
  const program = ts.createProgram(names, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
  })
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const line = d.file ? d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1 : 0
    return `${d.file ? d.file.fileName.split('/').pop() : ''}:${line} TS${d.code}`
  })
}

describe('pnpm typegen', () => {
  it('the committed client is what the fixture plan gives today (test/*-usage.ts type-check it with the real SDKs)', async () => {
    const plan = parseTrackingPlan(await readFile(fixture, 'utf8'), { name: 'shop.plan.json' })
    expect(await generateTypedClient(plan, { source: 'shop.plan.json' })).toBe(
      await readFile(committed, 'utf8'),
    )
  })

  it('writes the client, and on an unchanged plan changes no file', async () => {
    const out = join(dir, 'typed.ts')
    expect(await quiet(['--plan', fixture, '--out', out])).toEqual({
      code: 0,
      out: `typegen: wrote ${out}`,
    })
    const first = await stat(out)
    expect(await quiet(['--plan', fixture, '--out', out])).toEqual({
      code: 0,
      out: `typegen: ${out} is up to date`,
    })
    expect((await stat(out)).mtimeMs).toBe(first.mtimeMs)
    expect(await readFile(out, 'utf8')).toBe(await readFile(committed, 'utf8'))
  })

  it('gives code that passes Biome, names and texts escaped, every $defs type named after its event', async () => {
    const code = await generateTypedClient(parseTrackingPlan(awkward, { name: 'awkward' }), {
      source: 'awkward.json',
    })
    // Biome checks files of the repository only: a scratch folder in it, removed after.
    const scratch = await mkdtemp(new URL('./scratch-', import.meta.url).pathname)
    try {
      await writeFile(join(scratch, 'awkward.ts'), code)
      const checked = spawnSync(biome, ['check', join(scratch, 'awkward.ts')], { encoding: 'utf8' })
      expect(checked.stderr + checked.stdout).toContain('Checked 1 file')
      expect(checked.status, checked.stderr + checked.stdout).toBe(0)
    } finally {
      await rm(scratch, { recursive: true, force: true })
    }
    expect(code).toContain('checkoutStep2: (')
    expect(code).toContain('_2FaEnabled: (')
    expect(code).toContain('Ends a comment *\\/ and has `code` and "quotes".')
    expect(code).toContain('export type CartViewedPropertiesItem = {')
    expect(code).toContain('export type ProductAddedPropertiesItem = {')
    expect(code).toContain('export type _2FaEnabledPropertiesNested = {')
    // It compiles, and a wrong call does not.
    const errors = await compileErrors({
      'awkward.ts': code,
      'use.ts': `import { typedBrowser } from './awkward.js'
const typed = typedBrowser({ track: () => 1, identify: () => 1, group: () => 1 })
typed._2FaEnabled({ "it's": 'x', method: "o'clock", nested: { deep: [1] } })
typed.checkoutStep2()
typed._2FaEnabled({ "it's": 'x', method: 'email' })
typed.cartViewed({ item: { price: 1 } })
typed.orderCompleted({})
`,
    })
    expect(errors).toEqual(['use.ts:5 TS2322', 'use.ts:6 TS2353', 'use.ts:7 TS2339'])
  })

  it('calls the SDK with the planned event name and the properties as given', () => {
    const calls: unknown[][] = []
    const browser = typedBrowser({
      track: (...args) => calls.push(['track', ...args]),
      identify: (...args) => calls.push(['identify', ...args]),
      group: (...args) => calls.push(['group', ...args]),
    })
    browser.orderCompleted({ order_id: 'o-1', total: 3 }, { context: { x: 1 } })
    browser.identify('u-1', { email: 'a@example.com' })
    const node = typedNode({
      track: (params) => calls.push(['track', params]),
      identify: (params) => calls.push(['identify', params]),
      group: (params) => calls.push(['group', params]),
    })
    node.productViewed({ userId: 'u-1', properties: { product_id: 'p-1' } })
    expect(calls).toEqual([
      ['track', 'Order Completed', { order_id: 'o-1', total: 3 }, { context: { x: 1 } }],
      ['identify', 'u-1', { email: 'a@example.com' }, undefined],
      ['track', { userId: 'u-1', properties: { product_id: 'p-1' }, event: 'Product Viewed' }],
    ])
  })
})

describe('pnpm typegen: bad input', () => {
  const plan = async (name: string, value: unknown) => {
    const file = join(dir, name)
    await writeFile(file, typeof value === 'string' ? value : JSON.stringify(value))
    return file
  }

  it('says what a flag lacks (exit 2)', async () => {
    expect(await quiet([])).toMatchObject({
      code: 2,
      out: expect.stringContaining('--plan is required'),
    })
    expect(await quiet(['--plan'])).toMatchObject({ code: 2 })
  })

  it('refuses a plan the collector would refuse, naming the event and the keyword (exit 3), and writes nothing', async () => {
    const file = await plan('bad.json', {
      name: 'bad',
      events: { 'Order Completed': { properties: { type: 'object', if: { type: 'object' } } } },
    })
    const out = join(dir, 'bad.ts')
    const r = await quiet(['--plan', file, '--out', out])
    expect(r.code).toBe(3)
    expect(r.out).toContain('Order Completed')
    expect(r.out).toContain('"if"')
    await expect(stat(out)).rejects.toThrow()
    expect((await quiet(['--plan', await plan('not.json', '{ nope')])).code).toBe(3)
  })

  it('refuses two events with one method name and a reserved name (exit 4)', async () => {
    const twice = await plan('twice.json', {
      name: 'twice',
      events: { 'Order Completed': {}, order_completed: {} },
    })
    const r = await quiet(['--plan', twice, '--out', join(dir, 'twice.ts')])
    expect(r.code).toBe(4)
    expect(r.out).toContain('orderCompleted')
    expect(r.out).toContain('"Order Completed"')
    const reserved = await plan('reserved.json', { name: 'r', events: { Identify: {} } })
    expect(await quiet(['--plan', reserved, '--out', join(dir, 'r.ts')])).toMatchObject({
      code: 4,
      out: expect.stringContaining('reserved'),
    })
  })

  it('fails with exit 1 for a plan file that is not there', async () => {
    expect((await quiet(['--plan', join(dir, 'missing.json')])).code).toBe(1)
  })
})
