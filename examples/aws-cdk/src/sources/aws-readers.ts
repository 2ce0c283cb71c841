import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import type { SourceReaders } from './read-sources.js'

/** Readers backed by SSM Parameter Store (decrypted) and Secrets Manager, made on first use. */
export function createAwsSourceReaders(): SourceReaders {
  return {
    async parameter(name) {
      const ssm = new SSMClient({})
      try {
        const out = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }))
        return out.Parameter?.Value ?? ''
      } finally {
        ssm.destroy()
      }
    },
    async secret(name) {
      const secrets = new SecretsManagerClient({})
      try {
        const out = await secrets.send(new GetSecretValueCommand({ SecretId: name }))
        return out.SecretString ?? ''
      } finally {
        secrets.destroy()
      }
    },
  }
}
