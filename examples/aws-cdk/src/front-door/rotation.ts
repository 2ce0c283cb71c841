/**
 * The four steps Secrets Manager calls a rotation function with, for the origin secret. The
 * stores are ports, so the steps run against AWS (entrypoints/origin-secret-rotation.ts) and
 * against memory adapters in the tests.
 */
export interface RotationEvent {
  Step: 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret'
  SecretId: string
  ClientRequestToken: string
}

export interface SecretStore {
  /** Version ids by stage (`AWSCURRENT`, `AWSPENDING`, …). */
  stages(secretId: string): Promise<Record<string, string[]>>
  value(secretId: string, versionId: string): Promise<string>
  putPending(secretId: string, versionId: string, value: string): Promise<void>
  /** Moves `AWSCURRENT` to `versionId` (the old current becomes `AWSPREVIOUS`). */
  promote(secretId: string, versionId: string, fromVersionId: string): Promise<void>
  randomValue(): Promise<string>
}

export interface OriginHeaderTarget {
  /** Sets the header on every origin of the distribution that has it. */
  set(header: string, value: string): Promise<void>
  /** The header's value on each origin that has it. */
  values(header: string): Promise<string[]>
}

export interface RotationPorts {
  secrets: SecretStore
  origins: OriginHeaderTarget
  header: string
  /** How long collectors take to re-read the secret (two source TTLs and a margin). */
  propagationWaitMs: number
  wait(ms: number): Promise<void>
}

/** A step that cannot be done as asked (Secrets Manager retries the rotation). */
export class RotationError extends Error {
  override readonly name = 'RotationError'
}

const versionsOf = (stages: Record<string, string[]>, stage: string) => stages[stage] ?? []

/** Runs one rotation step; each is idempotent (Secrets Manager may call a step again). */
export async function rotate(event: RotationEvent, ports: RotationPorts): Promise<void> {
  const { SecretId: id, ClientRequestToken: token } = event
  const stages = await ports.secrets.stages(id)
  const [current] = versionsOf(stages, 'AWSCURRENT')
  if (current === token) return // already rotated to this version
  const pending = versionsOf(stages, 'AWSPENDING')
  if (event.Step !== 'createSecret' && !pending.includes(token)) {
    throw new RotationError(`version ${token} of ${id} is not AWSPENDING`)
  }
  switch (event.Step) {
    case 'createSecret':
      if (!pending.includes(token)) {
        await ports.secrets.putPending(id, token, await ports.secrets.randomValue())
      }
      return
    case 'setSecret': {
      const value = await ports.secrets.value(id, token)
      // The collectors accept the pending value once they re-read the secret: wait for that
      // before CloudFront starts sending it.
      await ports.wait(ports.propagationWaitMs)
      await ports.origins.set(ports.header, value)
      return
    }
    case 'testSecret': {
      const value = await ports.secrets.value(id, token)
      const values = await ports.origins.values(ports.header)
      if (values.length === 0 || values.some((v) => v !== value)) {
        throw new RotationError(`the distribution does not send the pending ${ports.header}`)
      }
      return
    }
    case 'finishSecret':
      if (!current) throw new RotationError(`${id} has no AWSCURRENT version`)
      await ports.secrets.promote(id, token, current)
      return
  }
}
