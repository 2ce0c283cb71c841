import { namedQueries } from '@clickstream/lake'
import { Duration, Stack } from 'aws-cdk-lib'
import { CfnNamedQuery, CfnWorkGroup } from 'aws-cdk-lib/aws-athena'
import type { Bucket } from 'aws-cdk-lib/aws-s3'
import type { Construct } from 'constructs'
import type { ResolvedClickstreamConfig } from '../config.js'
import { createPrivateBucket } from '../private-bucket.js'
import type { LakeCatalog } from './catalog.js'

/** Query results are kept this long, then expire. */
export const ATHENA_RESULTS_DAYS = 7

export interface LakeAthena {
  workGroup: CfnWorkGroup
  /** The workgroup's results location (its own bucket). */
  resultsBucket: Bucket
  namedQueries: CfnNamedQuery[]
}

/**
 * The lake's Athena workgroup (engine v3) with its own encrypted results bucket, its settings
 * enforced over the client's (results location, encryption, the per-query bytes-scanned cutoff
 * that cancels a query reading the whole lake by mistake), and one `AWS::Athena::NamedQuery` for
 * each of `namedQueries('athena')`, the `.sql` files `pnpm sql` runs on DuckDB.
 */
export function createLakeAthena(
  scope: Construct,
  config: ResolvedClickstreamConfig,
  catalog: LakeCatalog,
  logs: Bucket,
): LakeAthena {
  const stack = Stack.of(scope)
  const resultsBucket = createPrivateBucket(
    scope,
    'AthenaResultsBucket',
    config,
    [
      {
        id: 'results-expire',
        expiration: Duration.days(ATHENA_RESULTS_DAYS),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      },
    ],
    { accessLogs: logs },
  )
  const workGroup = new CfnWorkGroup(scope, 'LakeWorkGroup', {
    name: `${stack.stackName}-lake`,
    description: `clickstream event lake (${stack.stackName}): database ${catalog.databaseName}`,
    state: 'ENABLED',
    recursiveDeleteOption: config.destroyData,
    workGroupConfiguration: {
      enforceWorkGroupConfiguration: true,
      publishCloudWatchMetricsEnabled: true,
      bytesScannedCutoffPerQuery: config.athenaScanCutoffMb * 1024 * 1024,
      engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
      resultConfiguration: {
        outputLocation: `s3://${resultsBucket.bucketName}/`,
        encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        expectedBucketOwner: stack.account,
      },
    },
  })
  const queries = namedQueries('athena').map(
    (query) =>
      new CfnNamedQuery(scope, `LakeQuery_${query.name}`, {
        name: query.name,
        description: query.description.slice(0, 1024),
        database: catalog.databaseName,
        queryString: query.sql,
        workGroup: workGroup.ref,
      }),
  )
  for (const query of queries) query.node.addDependency(catalog.database)
  return { workGroup, resultsBucket, namedQueries: queries }
}
