/**
 * The lock port: runs `task` while holding a lock shared by every sender of one queue (browser
 * tabs), or returns `undefined` at once without running it when the lock is held. Released when
 * the task settles; a task's rejection is the call's. Adapters: the Web Locks API and a
 * localStorage lease (browser SDK), memory (one process: the default).
 */
export type Lock = <T>(task: () => Promise<T>) => Promise<T | undefined>
