import { createMemorySuppressionStore } from './memory.js'
import { suppressionStoreContract } from './suppression-store.contract.js'

suppressionStoreContract('memory', async () => createMemorySuppressionStore())
