import { spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot } from './paths.js'

/**
 * Runs a package's own benchmark script (`packages/<dir>/bench/<script>`) in a child process, as
 * `pnpm bench:<dir>` would, and returns the RESULTS.md it wrote. A tiny run puts the package's
 * previous RESULTS.md back afterwards, so smoke runs never overwrite real figures.
 */
export async function runPackageBench(
  dir: string,
  script: string,
  tiny: boolean,
  log: (message: string) => void,
): Promise<string> {
  const cwd = join(repoRoot, 'packages', dir)
  const results = join(cwd, 'bench', 'RESULTS.md')
  const before = existsSync(results) ? readFileSync(results, 'utf8') : undefined
  try {
    await new Promise<void>((resolve, reject) => {
      const args = ['--conditions=@clickstream/source', '--import', 'tsx', join('bench', script)]
      const child = spawn(process.execPath, tiny ? [...args, '--tiny'] : args, {
        cwd,
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let tail = ''
      const forward = (chunk: Buffer) => {
        tail = (tail + chunk.toString()).slice(-4000)
        for (const line of chunk.toString().split('\n'))
          if (/^run \d/.test(line)) log(`${dir}: ${line}`)
      }
      child.stdout.on('data', forward)
      child.stderr.on('data', forward)
      child.once('error', reject)
      child.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`${dir} bench exited with ${code}:\n${tail}`)),
      )
    })
    return readFileSync(results, 'utf8')
  } finally {
    if (tiny && before !== undefined) writeFileSync(results, before)
  }
}

/** A RESULTS.md without its top heading, its sub-headings one level down (they sit under ours). */
export function embed(markdown: string): string {
  return markdown
    .split('\n')
    .filter((line) => !/^# /.test(line))
    .map((line) => (/^##+ /.test(line) ? `#${line}` : line))
    .join('\n')
    .trim()
}

/** The cells of the first table row whose first cell starts with `label`. */
export function rowCells(markdown: string, label: string): string[] | undefined {
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) continue
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim())
    if (cells[0]?.startsWith(label)) return cells
  }
  return undefined
}

/** The first number in a cell (`"26,551"` → 26551, `"20 %"` → 20, `"0.16×"` → 0.16). */
export function numberIn(cell: string | undefined): number {
  const match = /-?[\d,]*\.?\d+/.exec(cell ?? '')
  return match ? Number(match[0].replaceAll(',', '')) : Number.NaN
}
