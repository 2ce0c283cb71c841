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
  let listeners: [keyof Events, Listener<never>][] = []
  return {
    on(type, listener) {
      const entry: [keyof Events, Listener<never>] = [type, listener as Listener<never>]
      listeners.push(entry)
      return () => {
        listeners = listeners.filter((e) => e !== entry)
      }
    },
    emit(type, payload) {
      for (const [t, listener] of listeners) {
        try {
          if (t === type) (listener as Listener<typeof payload>)(payload)
        } catch {
          // a host listener's bug must not stop delivery
        }
      }
    },
  }
}
