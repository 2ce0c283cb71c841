import { createInterface } from 'node:readline'
import type { Readable, Writable } from 'node:stream'
import { LAKE_VIEWS, RAW_RELATION } from '../sql/views.js'

export interface PromptIo {
  input: Readable
  output: Writable
  /** Runs one statement and prints its answer or its error; never throws. */
  run(sql: string): Promise<void>
}

/**
 * The interactive prompt: lines gather until one ends with `;`, then the statement runs. `.quit`
 * (or end of input) leaves; `.help` says so. One statement runs at a time, in order.
 */
export async function prompt(io: PromptIo): Promise<void> {
  const rl = createInterface({ input: io.input, output: io.output, terminal: false })
  const say = (text: string) => io.output.write(text)
  say('DuckDB on the event lake: end statements with ";", .quit to leave\nsql> ')
  let pending = ''
  for await (const line of rl) {
    const trimmed = line.trim()
    if (pending === '' && (trimmed === '.quit' || trimmed === '.exit')) break
    if (pending === '' && trimmed === '.help') {
      say(`views: ${LAKE_VIEWS.join(', ')}, ${RAW_RELATION}\nsql> `)
      continue
    }
    pending += `${line}\n`
    if (trimmed.endsWith(';')) {
      const statement = pending.trim()
      pending = ''
      await io.run(statement)
      say('sql> ')
    } else if (pending.trim() !== '') say('  -> ')
    else {
      pending = ''
      say('sql> ')
    }
  }
  rl.close()
}
