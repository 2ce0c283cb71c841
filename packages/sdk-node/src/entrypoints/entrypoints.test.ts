import { readmeApiProblems } from '@clickstream/test-support'
import { expect, it } from 'vitest'

it('both entries export what the README lists, and only that', async () => {
  const sections = { './edge': ['.'] }
  expect(await readmeApiProblems(import.meta.url, { sections })).toEqual([])
})
