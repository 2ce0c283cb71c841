import { eventStoreContract } from './event-store.contract.js'
import { createMemoryStore } from './memory.js'

eventStoreContract('memory', { create: (options) => createMemoryStore(options) })
