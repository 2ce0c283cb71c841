import { SourcesError } from '../errors.js'

/** Fetches one secret string by name (SSM SecureString or Secrets Manager). */
export type SecretReader = (name: string) => Promise<string>

export interface SourceReaders {
  parameter: SecretReader
  secret: SecretReader
}

/**
 * The collector's `SOURCES` JSON: from the Secrets Manager secret named by `SOURCES_SECRET`,
 * else the SSM parameter named by `SOURCES_PARAMETER`, else `SOURCES` itself. Checks it is a JSON
 * object; the collector validates its shape.
 */
export async function readSources(
  env: Record<string, string | undefined>,
  readers: SourceReaders,
): Promise<string> {
  const [where, value] = env.SOURCES_SECRET
    ? [`secret ${env.SOURCES_SECRET}`, await read(readers.secret, env.SOURCES_SECRET)]
    : env.SOURCES_PARAMETER
      ? [`parameter ${env.SOURCES_PARAMETER}`, await read(readers.parameter, env.SOURCES_PARAMETER)]
      : ['SOURCES', env.SOURCES]
  if (!value) throw new SourcesError(`no sources: ${where} is empty`)
  let json: unknown
  try {
    json = JSON.parse(value)
  } catch {
    throw new SourcesError(`${where} is not JSON: expected {"<writeKey>":{"id":"web"}}`)
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new SourcesError(`${where} must be a JSON object mapping write keys to sources`)
  }
  return value
}

async function read(reader: SecretReader, name: string): Promise<string> {
  try {
    return await reader(name)
  } catch (error) {
    throw new SourcesError(`cannot read ${name}: ${(error as Error).name}`, { cause: error })
  }
}
