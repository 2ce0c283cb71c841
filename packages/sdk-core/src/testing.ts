/** Test helpers for adapters built on the core (imports vitest: never bundle into an SDK). */
export * from './event-store/event-store.contract.js'
export * from './lock/contender.js'
export * from './lock/lock.contract.js'
export * from './transport/transport.contract.js'
