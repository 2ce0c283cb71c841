import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { basename, dirname } from 'node:path'
import { parseTrackingPlan } from '@clickstream/tracking-plan'
import { generateTypedClient } from './generate.js'

export interface WriteOptions {
  /** The plan file (JSON). */
  plan: string
  /** The TypeScript module to write. */
  out: string
}

/**
 * Reads and checks the plan file (`parseTrackingPlan`: the collector's own start-up checks), and
 * writes its typed client to `out`, only when the text differs from what is there: a plan that did
 * not change changes no file. Written under a temporary name, then renamed.
 */
export async function writeTypedClient(
  o: WriteOptions,
): Promise<{ out: string; changed: boolean }> {
  const text = await readFile(o.plan, 'utf8')
  const plan = parseTrackingPlan(text, { name: basename(o.plan) })
  const code = await generateTypedClient(plan, { source: basename(o.plan) })
  const before = await readFile(o.out, 'utf8').catch(() => undefined)
  if (before === code) return { out: o.out, changed: false }
  await mkdir(dirname(o.out), { recursive: true })
  const temporary = `${o.out}.${process.pid}.tmp`
  await writeFile(temporary, code)
  await rename(temporary, o.out)
  return { out: o.out, changed: true }
}
