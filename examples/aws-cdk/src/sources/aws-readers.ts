import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import type { SourceReaders } from './read-sources.js'

export interface AwsSourceReaders extends SourceReaders {
  /** The values of a secret's stages that exist (a stage with no version is left out). */
  secretStages(name: string, stages: readonly string[]): Promise<string[]>
}

/**
 * Readers backed by SSM Parameter Store (decrypted) and Secrets Manager. The clients are made on
 * first use and kept: the collector re-reads its sources every TTL.
 */
export function createAwsSourceReaders(): AwsSourceReaders {
  let ssm: SSMClient | undefined
  let secrets: SecretsManagerClient | undefined
  const secret = async (name: string, stage?: string) => {
    secrets ??= new SecretsManagerClient({})
    const out = await secrets.send(
      new GetSecretValueCommand({ SecretId: name, ...(stage ? { VersionStage: stage } : {}) }),
    )
    return out.SecretString ?? ''
  }
  return {
    async parameter(name) {
      ssm ??= new SSMClient({})
      const out = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }))
      return out.Parameter?.Value ?? ''
    },
    secret: (name) => secret(name),
    async secretStages(name, stages) {
      const values = await Promise.all(
        stages.map((stage) =>
          secret(name, stage).catch((error: Error) => {
            // No version has this stage (no rotation under way, none before the first).
            if (error.name === 'ResourceNotFoundException') return ''
            throw error
          }),
        ),
      )
      return values.filter(Boolean)
    },
  }
}
