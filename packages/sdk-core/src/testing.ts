/** Test helpers for adapters built on the core (imports vitest: never bundle into an SDK). */
export type { EventStoreContractOptions } from './event-store/event-store.contract.js'
export { eventStoreContract, testEvent } from './event-store/event-store.contract.js'
export type { LockContender, LockOutcome } from './lock/contender.js'
export { lockContender } from './lock/contender.js'
export type { LockContractOptions } from './lock/lock.contract.js'
export { testLock } from './lock/lock.contract.js'
export type {
  TransportContractOptions,
  TransportContractServer,
} from './transport/transport.contract.js'
export { contractEvents, startUnreachable, testTransport } from './transport/transport.contract.js'
