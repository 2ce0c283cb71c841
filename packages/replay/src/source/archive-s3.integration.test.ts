/// <reference path="../untyped.d.ts" />
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import S3rver from 's3rver'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SourceUnreadableError } from '../errors.js'
import { archiveObjects } from '../fixtures/archive-objects.js'
import { createArchiveS3Source } from './archive-s3.js'
import { replaySourceContract } from './replay-source.contract.js'

// s3rver: a real S3 REST server (ListObjectsV2, GetObject over HTTP, files on disk) playing the
// archive bucket, as dynalite plays DynamoDB; the adapter under test is the real SDK code.
let server: S3rver
let client: S3Client
let dir: string
let buckets = 0

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'replay-s3-'))
  server = new S3rver({ port: 0, address: '127.0.0.1', directory: dir, silent: true })
  const address = (await server.run()) as AddressInfo
  client = new S3Client({
    endpoint: `http://127.0.0.1:${address.port}`,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  })
})

afterAll(async () => {
  client?.destroy()
  await server?.close()
  rmSync(dir, { recursive: true, force: true })
})

const newBucket = async () => {
  const bucket = `archive-${++buckets}`
  await client.send(new CreateBucketCommand({ Bucket: bucket }))
  return bucket
}

replaySourceContract('archive on S3 (s3rver)', async (envelopes) => {
  const bucket = await newBucket()
  for (const object of archiveObjects(envelopes, { recordsPerObject: 2 })) {
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: `raw/${object.key}`, Body: object.body }),
    )
  }
  return createArchiveS3Source({ client, bucket, prefix: 'raw/' })
})

describe('archive on S3', () => {
  it('names the bucket it cannot list', async () => {
    const source = createArchiveS3Source({ client, bucket: 'no-such-bucket' })
    const read = async () => {
      for await (const _ of source.read({ fromMs: 0, toMs: 3_600_000 }));
    }
    const error = await read().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SourceUnreadableError)
    expect((error as Error).message).toContain('s3://no-such-bucket/')
  })
})
