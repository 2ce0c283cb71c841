import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { WorkerdStartError } from './errors.js'
import { COMPATIBILITY_DATE, workerdConfig } from './workerd-config.js'

export interface WorkerdOptions {
  /** The bundled worker module (ESM). */
  code: string
  bindings: Record<string, string>
  /** @default a free port on 127.0.0.1 */
  port?: number
}

export interface RunningWorker {
  /** `http://127.0.0.1:<port>` */
  url: string
  close(): Promise<void>
}

/** Runs a module worker under the workerd binary of the `workerd` package, as Cloudflare would. */
export async function startWorkerd(options: WorkerdOptions): Promise<RunningWorker> {
  const binary = createRequire(import.meta.url)('workerd').default as string
  const dir = mkdtempSync(join(tmpdir(), 'clickstream-workerd-'))
  const port = options.port ?? (await freePort())
  writeFileSync(join(dir, 'worker.js'), options.code)
  writeFileSync(
    join(dir, 'config.capnp'),
    workerdConfig({
      moduleFile: 'worker.js',
      address: `127.0.0.1:${port}`,
      bindings: options.bindings,
      compatibilityDate: COMPATIBILITY_DATE,
    }),
  )
  const child = spawn(binary, ['serve', join(dir, 'config.capnp')], {
    stdio: ['ignore', 'inherit', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const url = `http://127.0.0.1:${port}`
  try {
    await waitUntilUp(url, child, () => stderr)
  } catch (error) {
    child.kill()
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
  return {
    url,
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill()
        await exited
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function waitUntilUp(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null)
      throw new WorkerdStartError(`workerd exited (${child.exitCode}): ${stderr()}`)
    try {
      await fetch(url, { method: 'OPTIONS' })
      return
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  throw new WorkerdStartError(`workerd did not listen on ${url}: ${stderr()}`)
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}
