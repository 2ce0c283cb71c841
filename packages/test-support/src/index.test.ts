import { expect, it } from 'vitest'
import { readmeApiProblems } from './readme-api.js'

it('exports what the README lists, and only that', async () => {
  expect(await readmeApiProblems(import.meta.url)).toEqual([])
})
