import { lockContender } from './contender.js'
import { testLock } from './lock.contract.js'
import type { Lock } from './lock.js'
import { createMemoryLock } from './memory.js'

const locks = new Map<string, Lock>()
testLock('memory', {
  contender: async (name) => {
    const lock = locks.get(name) ?? createMemoryLock()
    locks.set(name, lock)
    return lockContender(lock)
  },
})
