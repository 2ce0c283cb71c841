import { readmeApiProblems } from '@clickstream/test-support'
import { expect, it } from 'vitest'

it('exports what the README lists, and only that', async () => {
  expect(await readmeApiProblems(import.meta.url)).toEqual([])
})
