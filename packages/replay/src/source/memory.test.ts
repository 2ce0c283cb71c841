import { createMemoryReplaySource } from './memory.js'
import { replaySourceContract } from './replay-source.contract.js'

replaySourceContract('memory', async (envelopes) => createMemoryReplaySource(envelopes))
