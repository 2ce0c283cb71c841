import { createMemorySessionStore } from './memory.js'
import { testSessionStore } from './session-store.contract.js'

testSessionStore('memory', async () => createMemorySessionStore())
