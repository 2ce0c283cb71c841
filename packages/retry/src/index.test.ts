import { readmeApiProblems } from '@clickstream/test-support'
import { expect, it } from 'vitest'

it('exports what the README lists, and only that', async () => {
  expect(await readmeApiProblems(new URL('..', import.meta.url))).toEqual([])
})
