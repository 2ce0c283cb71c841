import { createServer } from 'node:net'
import { PortInUseError } from '@clickstream/local-aws'

/** Fails with a `PortInUseError` naming the service and port when something already listens there. */
export async function assertPortFree(service: string, host: string, port: number): Promise<void> {
  if (port === 0) return
  await new Promise<void>((resolve, reject) => {
    const probe = createServer()
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(service, host, port) : error),
    )
    probe.listen(port, host, () => probe.close(() => resolve()))
  })
}
