import { dlqQueueContract } from './dlq-queue.contract.js'
import { createMemoryDlqQueue } from './queue-memory.js'

dlqQueueContract('memory', async (bodies) => createMemoryDlqQueue(bodies))
