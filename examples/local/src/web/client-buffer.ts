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
  const queue: (Frame | undefined)[] = []
  let head = 0
  let bytes = 0
  let writing = 0
  let latest: Frame | undefined
  let closed = false
  let wake: (() => void) | undefined
  const notify = () => {
    wake?.()
    wake = undefined
  }

  return {
    offer(frame) {
      if (closed || bytes + writing + frame.bytes > maxBytes) return false
      queue.push(frame)
      bytes += frame.bytes
      notify()
      return true
    },
    snapshot(frame) {
      latest = frame
      notify()
    },
    async take() {
      writing = 0
      while (!closed) {
        if (latest) {
          const frame = latest
          latest = undefined
          return frame
        }
        const frame = queue[head]
        if (frame) {
          queue[head] = undefined // written frames are not kept alive
          head++
          if (head === queue.length || head > 1024) {
            queue.splice(0, head)
            head = 0
          }
          bytes -= frame.bytes
          writing = frame.bytes
          return frame
        }
        await new Promise<void>((resolve) => {
          wake = resolve
        })
      }
      return undefined
    },
    close() {
      closed = true
      queue.length = 0
      head = 0
      bytes = 0
      notify()
    },
    bufferedBytes: () => bytes + writing,
  }
}
