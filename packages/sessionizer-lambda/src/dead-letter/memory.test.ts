import { testDeadLetter } from './dead-letter.contract.js'
import { createMemoryDeadLetter } from './memory.js'

testDeadLetter('memory', {
  create: async () => {
    const deadLetter = createMemoryDeadLetter()
    return {
      deadLetter,
      readBack: async (days) => (await Promise.all(days.map((day) => deadLetter.list(day)))).flat(),
      list: (day) => deadLetter.list(day),
    }
  },
  // An entry is kept by its identity: putting it again replaces it.
  retried: 'idempotent',
  lists: true,
})
