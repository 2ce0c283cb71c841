import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'

/**
 * A process of its own running `src/<script>` from source (tsx, source condition) with its JSON
 * options as the argument, stdout handed to `onOutput` chunk by chunk: something a test can really kill.
 */
export function spawnSource(
  script: string,
  options: unknown,
  onOutput: (text: string) => void,
): ChildProcess {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=@clickstream/source',
      join(import.meta.dirname, '../../src', script),
      JSON.stringify(options),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  child.stdout?.on('data', (chunk: Buffer) => onOutput(chunk.toString()))
  return child
}
