/** One server-sent event, formatted once and shared by every client it goes to. */
export interface Frame {
  text: string
  /** UTF-8 length of `text`. */
  bytes: number
}

/** A server-sent event frame (`data` must be one line, as `JSON.stringify` writes it). */
export function sseFrame(event: string, data: string, id?: string | number): Frame {
  const text = `event: ${event}\ndata: ${data}\n${id === undefined ? '' : `id: ${id}\n`}\n`
  return { text, bytes: Buffer.byteLength(text) }
}

/**
 * What one live-stream client has yet to receive, bounded in bytes. Frames are shared references,
 * so what a client costs is how far it is behind, not a copy of it; the last snapshot (the stats) is
 * kept apart and replaced by the next one, so a client that is idle but not reading never grows.
 */
export interface ClientBuffer {
  /** Queues a frame; `false` (nothing queued) when it would put the client past the bound. */
  offer(frame: Frame): boolean
  /** Replaces the unsent snapshot; sent before queued frames. Not counted: there is one at most. */
  snapshot(frame: Frame): void
  /**
   * The next frame to write, once there is one; `undefined` once closed. The frame returned before
   * counts against the bound until this is called again (it was being written).
   */
  take(): Promise<Frame | undefined>
  close(): void
  /** Bytes queued and being written. */
  bufferedBytes(): number
}

export function createClientBuffer(maxBytes: number): ClientBuffer {
  return new BoundedFrames(maxBytes)
}

/**
 * The frames not yet taken, in order, from `head` on (taken slots are cleared, then compacted), and
 * their byte count; `writing` is the size of the frame last taken, still being written.
 */
class BoundedFrames implements ClientBuffer {
  readonly #maxBytes: number
  #queue: (Frame | undefined)[] = []
  #head = 0
  #bytes = 0
  #writing = 0
  #latest: Frame | undefined
  #closed = false
  #wake: (() => void) | undefined

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes
  }

  offer(frame: Frame): boolean {
    if (this.#closed || this.bufferedBytes() + frame.bytes > this.#maxBytes) return false
    this.#queue.push(frame)
    this.#bytes += frame.bytes
    this.#notify()
    return true
  }

  snapshot(frame: Frame): void {
    this.#latest = frame
    this.#notify()
  }

  async take(): Promise<Frame | undefined> {
    this.#writing = 0
    while (!this.#closed) {
      const frame = this.#next()
      if (frame) return frame
      await new Promise<void>((resolve) => {
        this.#wake = resolve
      })
    }
    return undefined
  }

  close(): void {
    this.#closed = true
    this.#queue = []
    this.#head = 0
    this.#bytes = 0
    this.#notify()
  }

  bufferedBytes(): number {
    return this.#bytes + this.#writing
  }

  /** The snapshot first, then the oldest queued frame; `undefined` when there is neither. */
  #next(): Frame | undefined {
    const latest = this.#latest
    if (latest) {
      this.#latest = undefined
      return latest
    }
    const frame = this.#queue[this.#head]
    if (!frame) return undefined
    this.#queue[this.#head] = undefined // written frames are not kept alive
    this.#head++
    if (this.#head === this.#queue.length || this.#head > 1024) {
      this.#queue.splice(0, this.#head)
      this.#head = 0
    }
    this.#bytes -= frame.bytes
    this.#writing = frame.bytes
    return frame
  }

  #notify(): void {
    this.#wake?.()
    this.#wake = undefined
  }
}
