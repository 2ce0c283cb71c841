import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { SuppressionError } from '../errors.js'
import { createFileSuppressionStore } from './file.js'
import { suppressionStoreContract } from './suppression-store.contract.js'

const dir = mkdtempSync(join(tmpdir(), 'suppression-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let n = 0

suppressionStoreContract('file', async () => createFileSuppressionStore(join(dir, `${++n}.json`)))

it('writes the document it reads; a bad one is a SuppressionError naming the file and entry', async () => {
  const path = join(dir, 'bad.json')
  const store = createFileSuppressionStore(path)
  await store.add(['a'.repeat(64)])
  expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ v: 1, ids: ['a'.repeat(64)] })
  writeFileSync(path, JSON.stringify({ v: 1, ids: ['a'.repeat(64), 'not-a-digest'] }))
  const error = await store.read().catch((e: Error) => e)
  expect(error).toBeInstanceOf(SuppressionError)
  expect((error as Error).message).toMatch(/bad\.json: ids\.1: a SHA-256 hex digest/)
  writeFileSync(path, 'nope')
  await expect(store.read()).rejects.toThrow(/bad\.json is not JSON/)
})
