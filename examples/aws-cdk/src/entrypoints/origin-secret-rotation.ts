import {
  CloudFrontClient,
  GetDistributionConfigCommand,
  UpdateDistributionCommand,
} from '@aws-sdk/client-cloudfront'
import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager'
import { type RotationEvent, type RotationPorts, rotate } from '../front-door/rotation.js'

const secrets = new SecretsManagerClient({})
const cloudfront = new CloudFrontClient({})
const distributionId = process.env.DISTRIBUTION_ID ?? ''

async function distributionConfig() {
  const out = await cloudfront.send(new GetDistributionConfigCommand({ Id: distributionId }))
  if (!out.DistributionConfig) throw new Error(`distribution ${distributionId} has no config`)
  return { config: out.DistributionConfig, etag: out.ETag }
}

const headersOf = (
  config: Awaited<ReturnType<typeof distributionConfig>>['config'],
  header: string,
) =>
  (config.Origins?.Items ?? []).flatMap((o) =>
    (o.CustomHeaders?.Items ?? []).filter((h) => h.HeaderName?.toLowerCase() === header),
  )

const ports: RotationPorts = {
  header: process.env.ORIGIN_VERIFY_HEADER ?? 'x-origin-verify',
  propagationWaitMs: Number(process.env.PROPAGATION_WAIT_MS ?? 130_000),
  wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  secrets: {
    async stages(id) {
      const out = await secrets.send(new DescribeSecretCommand({ SecretId: id }))
      const stages: Record<string, string[]> = {}
      for (const [version, names] of Object.entries(out.VersionIdsToStages ?? {})) {
        for (const name of names) stages[name] = [...(stages[name] ?? []), version]
      }
      return stages
    },
    async value(id, versionId) {
      const out = await secrets.send(
        new GetSecretValueCommand({
          SecretId: id,
          VersionId: versionId,
          VersionStage: 'AWSPENDING',
        }),
      )
      return out.SecretString ?? ''
    },
    async putPending(id, versionId, value) {
      await secrets.send(
        new PutSecretValueCommand({
          SecretId: id,
          ClientRequestToken: versionId,
          SecretString: value,
          VersionStages: ['AWSPENDING'],
        }),
      )
    },
    async promote(id, versionId, fromVersionId) {
      await secrets.send(
        new UpdateSecretVersionStageCommand({
          SecretId: id,
          VersionStage: 'AWSCURRENT',
          MoveToVersionId: versionId,
          RemoveFromVersionId: fromVersionId,
        }),
      )
    },
    async randomValue() {
      const out = await secrets.send(
        new GetRandomPasswordCommand({ PasswordLength: 48, ExcludePunctuation: true }),
      )
      return out.RandomPassword ?? ''
    },
  },
  origins: {
    async set(header, value) {
      const { config, etag } = await distributionConfig()
      for (const h of headersOf(config, header)) h.HeaderValue = value
      await cloudfront.send(
        new UpdateDistributionCommand({
          Id: distributionId,
          IfMatch: etag,
          DistributionConfig: config,
        }),
      )
    },
    async values(header) {
      const { config } = await distributionConfig()
      return headersOf(config, header).map((h) => h.HeaderValue ?? '')
    },
  },
}

/** Secrets Manager's rotation function for the origin secret (see front-door/origin-secret.ts). */
export const handler = (event: RotationEvent): Promise<void> => rotate(event, ports)
