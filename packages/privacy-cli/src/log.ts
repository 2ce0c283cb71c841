import { appendFile, mkdir, readFile } from 'node:fs/promises'
import { dirname } from 'node:path'

/** The steps of a deletion, in the order they run. */
export const STEPS = ['keys', 'suppress', 'dynamodb', 'lake', 'archive'] as const
export type StepName = (typeof STEPS)[number]

/** What a step removed or added (`sessions`, `items`, `lakeRows`, …). */
export type Counts = Record<string, number>

/**
 * One line of the deletion log (`<dataDir>/privacy/deletions.jsonl`): a request's pass starting,
 * a step done (with what it did) or the pass finished. People appear only as `personKey` digests.
 */
export interface LogLine {
  at: string
  /** The request: a digest of its ids' digests, the same for the same command. */
  request: string
  /** Runs of the request: 1, then 2 for a run after the first finished, and so on. */
  pass: number
  event: 'started' | 'step' | 'finished'
  step?: StepName
  /** `started`: the given ids' digests; `keys`: every digest found (given and discovered). */
  persons?: string[]
  counts?: Counts
}

/** Where a request stands: the pass to run, the steps already done in it, and earlier passes. */
export interface RequestState {
  pass: number
  done: Map<StepName, LogLine>
  /** When an earlier pass of the request finished (a re-run finds "already deleted"). */
  finishedAt: string | undefined
}

/** The deletion log: one JSON line per event, appended, never rewritten. */
export function createDeletionLog(path: string, clock: () => number = Date.now) {
  const lines = async (): Promise<LogLine[]> => {
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw error
    }
    // A crash may leave a last line half written: it records nothing that was completed.
    return text
      .split('\n')
      .filter(Boolean)
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as LogLine]
        } catch {
          return []
        }
      })
  }
  return {
    path,
    /** The pass a run of `request` continues (unfinished) or starts (after a finished one). */
    async state(request: string): Promise<RequestState> {
      const mine = (await lines()).filter((l) => l.request === request)
      const last = mine.at(-1)?.pass ?? 0
      const finished = mine.filter((l) => l.event === 'finished').at(-1)
      const pass = last === 0 || finished?.pass === last ? last + 1 : last
      const done = new Map<StepName, LogLine>()
      for (const l of mine) if (l.pass === pass && l.event === 'step' && l.step) done.set(l.step, l)
      return { pass, done, finishedAt: finished?.at }
    },
    async append(line: Omit<LogLine, 'at'>): Promise<void> {
      await mkdir(dirname(path), { recursive: true })
      await appendFile(
        path,
        `${JSON.stringify({ at: new Date(clock()).toISOString(), ...line })}\n`,
      )
    },
  }
}

export type DeletionLog = ReturnType<typeof createDeletionLog>
