import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3'
import { SourceUnreadableError } from '../errors.js'
import { createArchiveSource, isArchiveObject } from './archive.js'
import type { ReplaySource } from './replay-source.js'

export interface ArchiveS3Options {
  client: S3Client
  /** The archive bucket (the CDK's `ArchiveBucket`). */
  bucket: string
  /** What comes before `events/year=…` in the keys. @default '' */
  prefix?: string
}

/** The archive bucket's objects (`events/year=…/hour=…/`, Firehose's gzip) as a replay source. */
export function createArchiveS3Source(options: ArchiveS3Options): ReplaySource {
  const { client, bucket } = options
  const prefix = options.prefix ?? ''
  const where = (key: string) => `s3://${bucket}/${key}`
  return createArchiveSource({
    describe: `the archive at ${where(prefix)}`,
    async list(folder) {
      const names: string[] = []
      let token: string | undefined
      do {
        const page = await s3(where(prefix + folder), () =>
          client.send(
            new ListObjectsV2Command({
              Bucket: bucket,
              Prefix: prefix + folder,
              ContinuationToken: token,
            }),
          ),
        )
        for (const object of page.Contents ?? [])
          if (object.Key && isArchiveObject(object.Key)) names.push(object.Key)
        token = page.IsTruncated ? page.NextContinuationToken : undefined
      } while (token)
      return names.sort()
    },
    async get(key) {
      return s3(where(key), async () => {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
        return (await object.Body?.transformToByteArray()) ?? new Uint8Array()
      })
    },
    async close() {},
  })
}

/** An S3 call whose failure names the object (access denied, no such bucket, network). */
async function s3<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    throw new SourceUnreadableError(what, `${(error as Error).name}: ${(error as Error).message}`, {
      cause: error,
    })
  }
}
