import { testDeadLetter } from './dead-letter.contract.js'
import { createMemoryDeadLetter } from './memory.js'

testDeadLetter('memory', {
  create: async () => {
    const deadLetter = createMemoryDeadLetter()
    return { deadLetter, readBack: async () => deadLetter.entries }
  },
  retried: 'duplicates',
})
