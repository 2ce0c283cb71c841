import { listingUnderTest, testDeadLetter } from './dead-letter.contract.js'
import { createMemoryDeadLetter } from './memory.js'

testDeadLetter('memory', {
  create: async () => listingUnderTest(createMemoryDeadLetter()),
  // An entry is kept by its identity: putting it again replaces it.
  retried: 'idempotent',
  lists: true,
})
