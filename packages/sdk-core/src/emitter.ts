/** A listener map keyed by event name. */
export type Listener<T> = (payload: T) => void

export interface Emitter<Events extends object> {
  /** Subscribes; returns the function that unsubscribes. */
  on<K extends keyof Events>(type: K, listener: Listener<Events[K]>): () => void
  emit<K extends keyof Events>(type: K, payload: Events[K]): void
}

/**
 * A tiny synchronous emitter. A listener that throws never breaks delivery or the other listeners:
 * its error is swallowed (the SDKs never throw into the host).
 */
export function createEmitter<Events extends object>(): Emitter<Events> {
  const listeners = new Map<keyof Events, Set<Listener<never>>>()
  return {
    on(type, listener) {
      const set = listeners.get(type) ?? new Set()
      listeners.set(type, set)
      set.add(listener as Listener<never>)
      return () => set.delete(listener as Listener<never>)
    },
    emit(type, payload) {
      for (const listener of listeners.get(type) ?? []) {
        try {
          ;(listener as Listener<typeof payload>)(payload)
        } catch {
          // a host listener's bug must not stop delivery
        }
      }
    },
  }
}
